package dev.cairn.server.config;

import java.util.List;

/**
 * One etcd flag: its name (without dashes), value type, default as etcd prints it, allowed values
 * for {@link FlagKind#CHOICE}, and a one-line description for {@code --help}. Immutable.
 */
public record FlagDef(String name, FlagKind kind, String defaultValue, List<String> choices, String usage) {
    public FlagDef {
        choices = List.copyOf(choices);
        if (name.isEmpty() || name.startsWith("-")) {
            throw new IllegalArgumentException("bad flag name: " + name);
        }
        if (kind == FlagKind.CHOICE && !choices.contains(defaultValue)) {
            throw new IllegalArgumentException("default of " + name + " is not one of " + choices);
        }
    }

    /** The environment variable etcd reads for this flag: {@code ETCD_} + upper case, dashes to underscores. */
    public String envName() {
        return envName(name);
    }

    /** The environment variable for flag {@code name}. */
    public static String envName(String name) {
        return "ETCD_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
