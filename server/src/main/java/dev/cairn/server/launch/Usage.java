package dev.cairn.server.launch;

import dev.cairn.server.config.FlagDef;
import dev.cairn.server.config.FlagDefaults;
import dev.cairn.server.config.FlagKind;
import dev.cairn.server.config.FlagTable;

/** The {@code --help} text, built from the flag table. Stateless. */
final class Usage {
    private Usage() {}

    /** One-line hint printed after a command-line error, as Go's flag package prints usage. */
    static String hint() {
        return "Usage: cairn [flags]  (cairn --help lists the flags; every flag is also read from ETCD_<FLAG>)";
    }

    /** The full help text. */
    static String text() {
        StringBuilder out = new StringBuilder();
        out.append("Usage:\n\n")
                .append("  cairn [flags]\n")
                .append("    Start a Cairn member (an etcd v3 wire-compatible key-value server).\n")
                .append("  cairn --version\n")
                .append("    Show the version.\n")
                .append("  cairn -h | --help\n")
                .append("    Show this help.\n\n")
                .append(
                        "Each flag can also be set with the environment variable ETCD_<FLAG> (upper case, '-' as '_');\n")
                .append("a flag and its variable must not both be set. With --config-file (or ETCD_CONFIG_FILE),\n")
                .append("the YAML file's keys are the flag names and other flags and variables are ignored.\n\n")
                .append(FlagDefaults.VARIABLE)
                .append(" (Cairn's own) holds default flags, whitespace-separated, e.g.\n")
                .append("  ")
                .append(FlagDefaults.VARIABLE)
                .append("='--listen-client-urls=http://0.0.0.0:2379 --advertise-client-urls=http://127.0.0.1:2379'\n")
                .append("A default counts as a flag typed on the command line, but only for flags set neither on the\n")
                .append("command line nor by a non-empty ETCD_<FLAG>; it is ignored with --config-file.\n\n")
                .append("Flags:\n");
        for (FlagDef def : FlagTable.all()) {
            if (def.kind() == FlagKind.IGNORED) {
                continue;
            }
            out.append("  --").append(def.name());
            if (!def.defaultValue().isEmpty()) {
                out.append(" '").append(def.defaultValue()).append('\'');
            }
            out.append("\n      ").append(def.usage()).append('\n');
        }
        return out.toString();
    }
}
