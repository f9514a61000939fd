package dev.cairn.server.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cairn's one environment variable of its own, {@value #VARIABLE}: defaults for etcd's flags, for
 * places (a container image) where etcd's defaults do not fit but setting {@code ETCD_*} variables
 * would make every user flag of the same name fatal. Stateless.
 *
 * <p>The value is split on whitespace and parsed as a command line ({@link CommandLine}): {@code
 * --flag=value}, {@code --flag value}, {@code -flag}, and bare boolean flags. A value cannot
 * contain whitespace.
 *
 * <p>The rule: a default behaves exactly like a flag typed on the command line, except that it
 * applies only when that flag is set neither on the command line nor by its non-empty {@code ETCD_*}
 * variable. So a default {@code --listen-client-urls} counts as set explicitly (it needs an
 * {@code --advertise-client-urls}, from the user or from the defaults), and a default {@code
 * --advertise-client-urls} satisfies etcd's rule when the user sets only {@code --listen-client-urls}.
 *
 * <p>With {@code --config-file} (or {@code ETCD_CONFIG_FILE}) the defaults are ignored entirely, not
 * even parsed, as {@code ETCD_*} variables are. An unknown flag, a malformed value, a positional
 * argument, {@code --config-file}, {@code --version} or {@code --help} in the defaults is a
 * configuration error (exit 1) naming {@value #VARIABLE}. Empty or unset: no effect.
 */
public final class FlagDefaults {
    /** The environment variable holding the defaults. */
    public static final String VARIABLE = "CAIRN_FLAG_DEFAULTS";

    /** Flags that choose what the command does rather than configure the member. */
    private static final List<String> NOT_DEFAULTABLE = List.of("config-file", "version");

    private FlagDefaults() {}

    /**
     * Returns {@code given} (flags from the command line and {@code ETCD_*} variables) plus every
     * default from {@code env} whose flag {@code given} lacks, adding a notice for each one used.
     *
     * @throws ConfigException (exit 1) when the variable does not parse as etcd flags
     */
    static Map<String, String> apply(Map<String, String> given, Map<String, String> env, List<Notice> notices)
            throws ConfigException {
        String raw = env.getOrDefault(VARIABLE, "").strip();
        if (raw.isEmpty()) {
            return given;
        }
        CommandLine defaults = parse(raw);
        Map<String, String> values = new LinkedHashMap<>(given);
        notices.addAll(defaults.notices());
        defaults.values().forEach((name, value) -> {
            if (!values.containsKey(name)) {
                values.put(name, value);
                notices.add(Notice.info("used default from " + VARIABLE + ": --" + name + "=" + value));
            }
        });
        return values;
    }

    private static CommandLine parse(String raw) throws ConfigException {
        CommandLine defaults;
        try {
            defaults = CommandLine.parse(Arrays.asList(raw.split("\\s+")));
        } catch (ConfigException e) {
            throw invalid(String.valueOf(e.getMessage()));
        }
        if (defaults.help()) {
            throw invalid("--help is not a default");
        }
        if (!defaults.positional().isEmpty()) {
            throw invalid("'" + defaults.positional().get(0) + "' is not a flag");
        }
        for (String name : NOT_DEFAULTABLE) {
            if (defaults.isSet(name)) {
                throw invalid("--" + name + " is not a default; pass it on the command line");
            }
        }
        return defaults;
    }

    private static ConfigException invalid(String problem) {
        return ConfigException.invalid("invalid " + VARIABLE + ": " + problem);
    }
}
