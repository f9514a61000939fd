package dev.cairn.bench.cli;

import dev.cairn.server.config.GoDuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The flags one command accepts, and a parser for them in pflag's interspersed style: flags and
 * positional arguments may come in any order, {@code --} ends the flags, {@code -h} and
 * {@code --help} ask for help. Immutable once built; {@link #parse} is thread-safe.
 */
public final class FlagSet {
    private final Map<String, Flag> flags;

    private FlagSet(Map<String, Flag> flags) {
        this.flags = flags;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This set plus {@code more}'s flags (a command's flags on top of the global ones). */
    public FlagSet with(FlagSet more) {
        Builder b = new Builder();
        flags.values().forEach(b::add);
        more.flags.values().forEach(b::add);
        return b.build();
    }

    public List<Flag> flags() {
        return List.copyOf(flags.values());
    }

    public @Nullable Flag find(String name) {
        return flags.get(name);
    }

    /**
     * Parses {@code args}. With {@code stopAtFirstPositional}, parsing stops at the first
     * positional argument (the command name) and everything from it on is returned unparsed as
     * positional arguments.
     */
    public ParsedFlags parse(List<String> args, boolean stopAtFirstPositional) throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (stopAtFirstPositional) {
                    positional.addAll(args.subList(i, args.size()));
                    break;
                }
                positional.add(arg);
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg);
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            Flag flag = flags.get(name);
            if (flag == null) {
                throw new UsageException("unknown flag: --" + name);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flag.kind() == Flag.Kind.BOOL) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("flag needs an argument: --" + name);
            }
            check(flag, value);
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new ParsedFlags(this, values, positional, help);
    }

    private static void check(Flag flag, String value) throws UsageException {
        try {
            switch (flag.kind()) {
                case INT -> parseInt(value);
                case UINT -> {
                    if (parseInt(value) < 0) {
                        throw new IllegalArgumentException("negative");
                    }
                }
                case BOOL -> parseBool(value);
                case DURATION -> GoDuration.parse(value);
                case STRING, STRINGS -> {}
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    "invalid argument \"" + value + "\" for \"--" + flag.name() + "\" flag: " + e.getMessage());
        }
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}, less the rarely used 0b and 0o prefixes. */
    static long parseInt(String value) {
        String s = value.replace("_", "");
        if (s.isEmpty() || s.startsWith("#") || s.startsWith("-#")) {
            throw new IllegalArgumentException("invalid syntax");
        }
        try {
            return Long.decode(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid syntax", e);
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    static boolean parseBool(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("invalid syntax");
        };
    }

    /** The flag lines of a usage text, one per flag, sorted by name as pflag prints them. */
    public String usage() {
        StringBuilder sb = new StringBuilder();
        flags.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(f -> {
            String head = "      --" + f.name() + (f.typeName().isEmpty() ? "" : " " + f.typeName());
            sb.append(String.format(Locale.ROOT, "%-36s %s", head, f.usage()));
            if (!List.of("", "false", "0", "0s").contains(f.defaultValue())) {
                String shown = f.kind() == Flag.Kind.STRING ? "\"" + f.defaultValue() + "\"" : f.defaultValue();
                if (f.kind() == Flag.Kind.STRINGS) {
                    shown = "[" + f.defaultValue() + "]";
                }
                sb.append(" (default ").append(shown).append(')');
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /** Collects flag declarations; a later declaration of the same name replaces an earlier one. */
    public static final class Builder {
        private final Map<String, Flag> flags = new LinkedHashMap<>();

        public Builder add(Flag flag) {
            flags.put(flag.name(), flag);
            return this;
        }

        public Builder intFlag(String name, long defaultValue, String usage) {
            return add(new Flag(name, Flag.Kind.INT, Long.toString(defaultValue), usage));
        }

        public Builder uintFlag(String name, long defaultValue, String usage) {
            return add(new Flag(name, Flag.Kind.UINT, Long.toString(defaultValue), usage));
        }

        public Builder boolFlag(String name, String usage) {
            return add(new Flag(name, Flag.Kind.BOOL, "false", usage));
        }

        public Builder stringFlag(String name, String defaultValue, String usage) {
            return add(new Flag(name, Flag.Kind.STRING, defaultValue, usage));
        }

        public Builder stringsFlag(String name, String defaultValue, String usage) {
            return add(new Flag(name, Flag.Kind.STRINGS, defaultValue, usage));
        }

        public Builder durationFlag(String name, String defaultValue, String usage) {
            return add(new Flag(name, Flag.Kind.DURATION, defaultValue, usage));
        }

        public FlagSet build() {
            return new FlagSet(new LinkedHashMap<>(flags));
        }
    }
}
