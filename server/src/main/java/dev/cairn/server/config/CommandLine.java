package dev.cairn.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The command line parsed with the syntax of Go's {@code flag} package, which etcd uses:
 * {@code -flag}, {@code --flag}, {@code -flag=value}, {@code -flag value} (not for booleans),
 * {@code --} ends the flags, and the first non-flag argument stops parsing. Immutable.
 *
 * @param values every flag given, by name, in normal form; a flag given twice keeps its last value
 * @param positional arguments after the flags (etcd rejects them)
 * @param notices warnings about ignored flags
 * @param help true when {@code -h}, {@code -help} or {@code --help} was given
 */
public record CommandLine(Map<String, String> values, List<String> positional, List<Notice> notices, boolean help) {
    public CommandLine {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        positional = List.copyOf(positional);
        notices = List.copyOf(notices);
    }

    /** True when flag {@code name} was given on the command line. */
    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    /**
     * Parses {@code args}.
     *
     * @throws ConfigException with exit code 2 and Go's message for unknown flags, missing
     *     arguments and malformed values
     */
    public static CommandLine parse(List<String> args) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        List<Notice> notices = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            int dashes = arg.charAt(1) == '-' ? 2 : 1;
            if (dashes == 2 && arg.length() == 2) {
                i++;
                break;
            }
            i++;
            String name = arg.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw ConfigException.syntax("bad flag syntax: " + arg);
            }
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            FlagDef def = FlagTable.lookup(name).orElse(null);
            if (def == null) {
                if (name.equals("h") || name.equals("help")) {
                    // Go's flag package stops at -h and reports ErrHelp.
                    return new CommandLine(values, args.subList(i, args.size()), notices, true);
                }
                throw ConfigException.syntax("flag provided but not defined: -" + name);
            }
            if (def.kind().isBoolean()) {
                values.put(name, setBoolean(def, value));
                if (def.kind() == FlagKind.IGNORED) {
                    notices.add(Notice.warn("flag \"-" + name + "\" is no longer supported - ignoring."));
                }
                continue;
            }
            if (value == null) {
                if (i >= args.size()) {
                    throw ConfigException.syntax("flag needs an argument: -" + name);
                }
                value = args.get(i++);
            }
            try {
                values.put(name, def.kind().check(def, value));
            } catch (IllegalArgumentException e) {
                throw ConfigException.syntax(
                        "invalid value \"" + value + "\" for flag -" + name + ": " + e.getMessage());
            }
        }
        return new CommandLine(values, args.subList(i, args.size()), notices, false);
    }

    private static String setBoolean(FlagDef def, @Nullable String value) throws ConfigException {
        if (def.kind() == FlagKind.IGNORED) {
            return value == null ? "true" : value;
        }
        if (value == null) {
            return "true";
        }
        try {
            return FlagKind.parseBool(value);
        } catch (IllegalArgumentException e) {
            throw ConfigException.syntax(
                    "invalid boolean value \"" + value + "\" for -" + def.name() + ": parse error");
        }
    }
}
