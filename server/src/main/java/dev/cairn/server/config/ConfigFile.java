package dev.cairn.server.config;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * etcd's {@code --config-file}: a YAML mapping whose keys are flag names. URL lists are comma
 * strings, {@code log-outputs} and {@code cipher-suites} are YAML lists, durations are integer
 * nanoseconds (as etcd's JSON mapping; a Go duration string is accepted too), and TLS comes only
 * from the nested {@code client-transport-security} and {@code peer-transport-security} blocks
 * ({@code cert-file}, {@code key-file}, {@code trusted-ca-file}, {@code client-cert-auth},
 * {@code auto-tls}). Stateless.
 */
final class ConfigFile {
    private static final Map<String, String> CLIENT_SECURITY = Map.of(
            "cert-file", "cert-file",
            "key-file", "key-file",
            "trusted-ca-file", "trusted-ca-file",
            "client-cert-auth", "client-cert-auth",
            "auto-tls", "auto-tls");
    private static final Map<String, String> PEER_SECURITY = Map.of(
            "cert-file", "peer-cert-file",
            "key-file", "peer-key-file",
            "trusted-ca-file", "peer-trusted-ca-file",
            "client-cert-auth", "peer-client-cert-auth",
            "auto-tls", "peer-auto-tls");
    /** Flags etcd's YAML does not read at the top level. */
    private static final Set<String> NOT_TOP_LEVEL = Set.of(
            "config-file",
            "version",
            "cert-file",
            "key-file",
            "trusted-ca-file",
            "client-cert-auth",
            "auto-tls",
            "peer-cert-file",
            "peer-key-file",
            "peer-trusted-ca-file",
            "peer-client-cert-auth",
            "peer-auto-tls");

    private ConfigFile() {}

    /** Reads {@code path} into flag values, adding notices for keys it ignores. */
    static Map<String, String> read(Path path, List<Notice> notices) throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.invalid("open " + path + ": no such file or directory");
        } catch (IOException e) {
            throw ConfigException.invalid("cannot read config file " + path + ": " + e.getMessage());
        }
        return parse(text, path.toString(), notices);
    }

    /** Parses YAML {@code text} (named {@code source} in errors) into flag values. */
    static Map<String, String> parse(String text, String source, List<Notice> notices) throws ConfigException {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw ConfigException.invalid("error parsing config file " + source + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (doc == null) {
            return values;
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw ConfigException.invalid(
                    "config file " + source + " must hold a YAML mapping of flag names to values");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (key.equals("client-transport-security") || key.equals("peer-transport-security")) {
                readSecurity(
                        key,
                        value,
                        key.startsWith("client") ? CLIENT_SECURITY : PEER_SECURITY,
                        values,
                        source,
                        notices);
            } else if (NOT_TOP_LEVEL.contains(key)) {
                notices.add(
                        Notice.warn(
                                "config file " + source + ": key \"" + key
                                        + "\" is ignored at the top level (TLS settings belong under client-transport-security or peer-transport-security)"));
            } else if (FlagTable.lookup(key).isEmpty()) {
                notices.add(Notice.warn("config file " + source + ": unknown key \"" + key + "\" ignored"));
            } else {
                put(key, key, value, values, source);
            }
        }
        return values;
    }

    private static void readSecurity(
            String block,
            @Nullable Object value,
            Map<String, String> names,
            Map<String, String> values,
            String source,
            List<Notice> notices)
            throws ConfigException {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw ConfigException.invalid("config file " + source + ": " + block + " must be a mapping");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String flag = names.get(key);
            if (flag == null) {
                notices.add(
                        Notice.warn("config file " + source + ": unknown key \"" + block + "." + key + "\" ignored"));
            } else {
                put(block + "." + key, flag, e.getValue(), values, source);
            }
        }
    }

    private static void put(String key, String flag, @Nullable Object value, Map<String, String> values, String source)
            throws ConfigException {
        if (value == null) {
            return;
        }
        FlagDef def = FlagTable.lookup(flag).orElseThrow();
        String text = toText(def, value);
        if (text.isEmpty() && def.kind() != FlagKind.STRING) {
            return;
        }
        try {
            values.put(flag, def.kind().check(def, text));
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("config file " + source + ": invalid value \"" + text + "\" for \"" + key
                    + "\": " + e.getMessage());
        }
    }

    private static String toText(FlagDef def, Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(String.valueOf(v)));
            return String.join(",", parts);
        }
        if (def.kind() == FlagKind.DURATION
                && (value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            return value + "ns";
        }
        return String.valueOf(value);
    }
}
