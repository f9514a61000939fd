package dev.cairn.bench.cli;

import dev.cairn.server.config.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link FlagSet#parse}: typed values (the default where a flag was not given),
 * positional arguments, and whether help was asked for. Immutable.
 */
public final class ParsedFlags {
    private final FlagSet set;
    private final Map<String, List<String>> values;
    private final List<String> positional;
    private final boolean help;

    ParsedFlags(FlagSet set, Map<String, List<String>> values, List<String> positional, boolean help) {
        this.set = set;
        this.values = Map.copyOf(values);
        this.positional = List.copyOf(positional);
        this.help = help;
    }

    public List<String> positional() {
        return positional;
    }

    public boolean help() {
        return help;
    }

    /** Whether the flag was given on the command line. */
    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    /** The raw values given for {@code name}, in order (empty when not given). */
    public List<String> raw(String name) {
        return values.getOrDefault(name, List.of());
    }

    public long getLong(String name) {
        return FlagSet.parseInt(last(name, Flag.Kind.INT, Flag.Kind.UINT));
    }

    /** An int flag; values beyond int's range are clamped (etcd's flags are Go ints). */
    public int getInt(String name) {
        long v = getLong(name);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    public boolean getBool(String name) {
        return FlagSet.parseBool(last(name, Flag.Kind.BOOL));
    }

    public String getString(String name) {
        return last(name, Flag.Kind.STRING);
    }

    public Duration getDuration(String name) {
        return GoDuration.parse(last(name, Flag.Kind.DURATION));
    }

    /** A string-slice flag: every use split at commas and trimmed, or the default when unused. */
    public List<String> getStrings(String name) {
        Flag flag = declared(name, Flag.Kind.STRINGS);
        List<String> given = values.getOrDefault(name, List.of(flag.defaultValue()));
        List<String> out = new ArrayList<>();
        for (String v : given) {
            for (String part : v.split(",", -1)) {
                String p = part.trim();
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
        }
        return List.copyOf(out);
    }

    private String last(String name, Flag.Kind... kinds) {
        Flag flag = declared(name, kinds);
        List<String> given = values.get(name);
        return given == null ? flag.defaultValue() : given.get(given.size() - 1);
    }

    private Flag declared(String name, Flag.Kind... kinds) {
        Flag flag = set.find(name);
        if (flag == null) {
            throw new IllegalArgumentException("undeclared flag --" + name);
        }
        for (Flag.Kind k : kinds) {
            if (flag.kind() == k) {
                return flag;
            }
        }
        throw new IllegalArgumentException("flag --" + name + " is a " + flag.kind());
    }
}
