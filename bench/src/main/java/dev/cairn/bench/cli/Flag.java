package dev.cairn.bench.cli;

/**
 * One declared flag: its name without dashes, its kind, the default as it would be typed on the
 * command line (empty for an empty slice or string) and a one-line description.
 */
public record Flag(String name, Kind kind, String defaultValue, String usage) {

    /** The value types pflag offers that etcd's benchmark uses. */
    public enum Kind {
        INT,
        /** An unsigned int ({@code UintVar} in pflag): negative values are rejected. */
        UINT,
        BOOL,
        STRING,
        /** Comma-separated, repeatable; the first use replaces the default, later uses append. */
        STRINGS,
        /** A Go duration such as {@code 1m30s} or {@code 250ms}. */
        DURATION
    }

    public Flag {
        if (name.isEmpty() || name.startsWith("-")) {
            throw new IllegalArgumentException("bad flag name: " + name);
        }
    }

    /** The placeholder shown after the flag name in usage text, as pflag prints it. */
    String typeName() {
        return switch (kind) {
            case INT -> "int";
            case UINT -> "uint";
            case BOOL -> "";
            case STRING -> "string";
            case STRINGS -> "strings";
            case DURATION -> "duration";
        };
    }
}
