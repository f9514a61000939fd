package dev.cairn.server.launch;

/** The member could not start (bind, TLS, store); the message is printed as is and the exit code is 1. Immutable. */
final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
