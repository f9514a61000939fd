package dev.cairn.server.lease;

/**
 * A lease request broke one of etcd's rules. Each subtype is one distinct etcd error; the rpc
 * layer turns each into its exact wire status and text. The messages here are for logs only.
 * Immutable (no stack trace: these are answers, not bugs); thread-safe.
 */
public abstract sealed class LeaseException extends RuntimeException
        permits LeaseException.NotFound,
                LeaseException.AlreadyExists,
                LeaseException.TtlTooLarge,
                LeaseException.NotPrimary {
    private static final long serialVersionUID = 1L;

    private LeaseException(String message) {
        super(message, null, false, false);
    }

    /** Revoke of a lease that does not exist (or no longer does). */
    public static final class NotFound extends LeaseException {
        private static final long serialVersionUID = 1L;

        public NotFound(long id) {
            super("requested lease not found: " + id);
        }
    }

    /** Grant with an explicit ID that is already in use. */
    public static final class AlreadyExists extends LeaseException {
        private static final long serialVersionUID = 1L;

        public AlreadyExists(long id) {
            super("lease already exists: " + id);
        }
    }

    /** Grant with a TTL above {@link LeaseConfig#MAX_TTL_SECONDS}. */
    public static final class TtlTooLarge extends LeaseException {
        private static final long serialVersionUID = 1L;

        public TtlTooLarge(long ttl) {
            super("too large lease TTL: " + ttl);
        }
    }

    /**
     * A keep-alive reached a member that does not lead (etcd's lease.ErrNotPrimary, which etcd
     * never shows a client: it forwards the keep-alive to the leader).
     */
    public static final class NotPrimary extends LeaseException {
        private static final long serialVersionUID = 1L;

        public NotPrimary() {
            super("not a primary lessor");
        }
    }
}
