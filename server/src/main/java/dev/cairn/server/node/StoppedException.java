package dev.cairn.server.node;

/** The raft node stopped (closed or failed); etcd's {@code etcdserver: server stopped}. */
public final class StoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** etcd's text. */
    public static final String MESSAGE = "etcdserver: server stopped";

    StoppedException() {
        super(MESSAGE);
    }

    StoppedException(Throwable cause) {
        super(MESSAGE, cause);
    }
}
