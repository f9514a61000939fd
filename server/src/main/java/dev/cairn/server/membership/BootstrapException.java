package dev.cairn.server.membership;

/**
 * The member cannot bootstrap, join or restart with its flags and what the cluster says; the
 * message is etcd's text, for the launcher to print before exiting. Immutable.
 */
public final class BootstrapException extends Exception {
    private static final long serialVersionUID = 1L;

    public BootstrapException(String message) {
        super(message);
    }
}
