package dev.cairn.server.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * etcd's rules for {@code ETCD_*} environment variables: a flag not given on the command line takes
 * its variable's value when that is non-empty; a variable shadowed by its flag is fatal; other
 * {@code ETCD_*} variables only warn. Stateless.
 */
final class EnvironmentOverlay {
    private EnvironmentOverlay() {}

    /**
     * Returns the command-line values plus the values taken from {@code env}, adding notices for
     * used and unrecognized variables.
     *
     * @throws ConfigException (exit 1) for a shadowed variable or a malformed value
     */
    static Map<String, String> apply(CommandLine commandLine, Map<String, String> env, List<Notice> notices)
            throws ConfigException {
        Set<String> shadowed = new HashSet<>();
        commandLine.values().keySet().forEach(name -> shadowed.add(FlagDef.envName(name)));
        Map<String, String> values = new LinkedHashMap<>(commandLine.values());
        Set<String> used = new HashSet<>();
        ConfigException malformed = null;
        for (FlagDef def : FlagTable.all()) {
            String key = def.envName();
            String raw = env.get(key);
            if (shadowed.contains(key) || raw == null || raw.isEmpty()) {
                continue;
            }
            used.add(key);
            try {
                values.put(def.name(), def.kind().check(def, raw));
                notices.add(Notice.info("recognized and used environment variable " + key + "=" + raw));
                if (def.kind() == FlagKind.IGNORED) {
                    notices.add(Notice.warn("flag \"-" + def.name() + "\" is no longer supported - ignoring."));
                }
            } catch (IllegalArgumentException e) {
                malformed = ConfigException.invalid("invalid value \"" + raw + "\" for " + key + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String key = e.getKey();
            if (used.contains(key)) {
                continue;
            }
            if (shadowed.contains(key)) {
                throw ConfigException.invalid(
                        "conflicting environment variable \"" + key
                                + "\" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)");
            }
            if (key.startsWith("ETCD_")) {
                notices.add(Notice.warn("unrecognized environment variable " + key + "=" + e.getValue()));
            }
        }
        if (malformed != null) {
            throw malformed;
        }
        return values;
    }
}
