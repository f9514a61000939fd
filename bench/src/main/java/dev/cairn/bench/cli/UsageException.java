package dev.cairn.bench.cli;

/** A command line that cannot be parsed; the reason is shown to the user with the usage text. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public UsageException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
