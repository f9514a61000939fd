package dev.cairn.server.config;

/**
 * A configuration the server cannot start with. {@link #exitCode()} follows etcd: 2 for command-line
 * syntax errors (as Go's flag package), 1 for everything found while verifying the flags. Immutable.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Exit code of a command-line syntax error (Go's flag package). */
    public static final int SYNTAX = 2;

    /** Exit code of a configuration that fails verification. */
    public static final int INVALID = 1;

    private final int exitCode;

    public ConfigException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    static ConfigException syntax(String message) {
        return new ConfigException(message, SYNTAX);
    }

    static ConfigException invalid(String message) {
        return new ConfigException(message, INVALID);
    }

    /** The process exit code for this error. */
    public int exitCode() {
        return exitCode;
    }
}
