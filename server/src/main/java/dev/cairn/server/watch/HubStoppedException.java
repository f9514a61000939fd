package dev.cairn.server.watch;

/**
 * The watch hub stopped (server shutdown); etcd's {@code etcdserver: server stopped}. Immutable;
 * thread-safe.
 */
public final class HubStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HubStoppedException() {
        super("watch hub stopped");
    }
}
