package dev.cairn.server.node;

/** The leader changed while a read index was pending; etcd's {@code etcdserver: leader changed}. */
public final class LeaderChangedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** etcd's text. */
    public static final String MESSAGE = "etcdserver: leader changed";

    LeaderChangedException() {
        super(MESSAGE);
    }
}
