package dev.cairn.server.replication;

/**
 * A proposal could not be seen through. Each subtype is one distinct etcd error; the rpc layer
 * turns each into its exact wire status and text. Immutable (no stack trace); thread-safe.
 */
public abstract sealed class ReplicationException extends RuntimeException
        permits ReplicationException.RequestTimedOut {
    private static final long serialVersionUID = 1L;

    private ReplicationException(String message) {
        super(message, null, false, false);
    }

    /** The proposal was not applied on this member within the request timeout (etcd's ErrTimeout). */
    public static final class RequestTimedOut extends ReplicationException {
        private static final long serialVersionUID = 1L;

        public RequestTimedOut() {
            super("request timed out");
        }
    }
}
