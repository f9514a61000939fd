package dev.cairn.server.config;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link ServerConfig} from flag values (already type-checked), filling in etcd's defaults
 * and derived values: {@code --data-dir} from the name, {@code --initial-cluster} from the name and
 * the advertised peer URLs. Stateless.
 */
final class ConfigResolver {
    private ConfigResolver() {}

    /**
     * Resolves {@code given} (flag name to value).
     *
     * @param advertiseRequired true when {@code --listen-client-urls} was set on the command line
     *     (or environment, or {@link FlagDefaults}) without {@code --advertise-client-urls}, which
     *     etcd rejects
     * @throws ConfigException (exit 1) when the values break a rule
     */
    static ServerConfig resolve(Map<String, String> given, boolean advertiseRequired, List<Notice> notices)
            throws ConfigException {
        Map<String, String> all = new LinkedHashMap<>();
        FlagTable.all().forEach(def -> all.put(def.name(), def.defaultValue()));
        all.putAll(given);
        try {
            String name = v(all, "name");
            String dataDir = v(all, "data-dir").isEmpty() ? name + ".etcd" : v(all, "data-dir");
            all.put("data-dir", dataDir);
            List<EtcdUrl> advertisePeers = EtcdUrl.parseList(v(all, "initial-advertise-peer-urls"));
            String initialCluster = given.containsKey("initial-cluster")
                    ? v(all, "initial-cluster")
                    : String.join(
                            ",",
                            advertisePeers.stream()
                                    .map(u -> name + "=" + u.text())
                                    .toList());
            all.put("initial-cluster", initialCluster);
            ClusterBootstrap cluster = new ClusterBootstrap(
                    EtcdUrl.parseList(v(all, "listen-peer-urls")),
                    advertisePeers,
                    ClusterBootstrap.parseInitialCluster(initialCluster),
                    v(all, "initial-cluster-state").equals("existing")
                            ? ClusterBootstrap.State.EXISTING
                            : ClusterBootstrap.State.NEW,
                    v(all, "initial-cluster-token"));
            return new ServerConfig(
                    name,
                    Path.of(dataDir),
                    EtcdUrl.parseList(v(all, "listen-client-urls")),
                    advertiseRequired ? List.of() : EtcdUrl.parseList(v(all, "advertise-client-urls")),
                    security(all, ""),
                    security(all, "peer-"),
                    cluster,
                    new RequestLimits(
                            number(all, "max-request-bytes"),
                            Math.toIntExact(Math.min(number(all, "max-txn-ops"), Integer.MAX_VALUE)),
                            number(all, "max-concurrent-streams")),
                    new GrpcKeepalive(
                            duration(all, "grpc-keepalive-min-time"),
                            duration(all, "grpc-keepalive-interval"),
                            duration(all, "grpc-keepalive-timeout")),
                    logging(all, given),
                    tuning(all, given),
                    v(all, "listen-metrics-urls").isEmpty()
                            ? List.of()
                            : EtcdUrl.parseList(v(all, "listen-metrics-urls")),
                    all);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw ConfigException.invalid(String.valueOf(e.getMessage()));
        }
    }

    private static TransportSecurity security(Map<String, String> all, String prefix) {
        return new TransportSecurity(
                v(all, prefix + "cert-file"),
                v(all, prefix + "key-file"),
                v(all, prefix + "trusted-ca-file"),
                Boolean.parseBoolean(v(all, prefix + "client-cert-auth")),
                Boolean.parseBoolean(v(all, prefix + "auto-tls")));
    }

    private static LogSettings logging(Map<String, String> all, Map<String, String> given) {
        LogSettings.Level level = Boolean.parseBoolean(v(all, "debug"))
                ? LogSettings.Level.DEBUG
                : LogSettings.Level.parse(v(all, "log-level"));
        String outputs = !given.containsKey("log-outputs") && given.containsKey("log-output")
                ? v(all, "log-output")
                : v(all, "log-outputs");
        return new LogSettings(
                v(all, "logger"),
                level,
                Arrays.stream(outputs.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList());
    }

    private static Tuning tuning(Map<String, String> all, Map<String, String> given) {
        String progress = !given.containsKey("watch-progress-notify-interval")
                        && given.containsKey("experimental-watch-progress-notify-interval")
                ? "experimental-watch-progress-notify-interval"
                : "watch-progress-notify-interval";
        return new Tuning(
                number(all, "snapshot-count"),
                Duration.ofMillis(number(all, "heartbeat-interval")),
                Duration.ofMillis(number(all, "election-timeout")),
                number(all, "quota-backend-bytes"),
                v(all, "auto-compaction-mode"),
                v(all, "auto-compaction-retention"),
                duration(all, progress));
    }

    /** A checked integer flag value, capped to a long. */
    private static long number(Map<String, String> all, String name) {
        BigInteger value = new BigInteger(v(all, name));
        if (value.bitLength() > 63) {
            throw new IllegalArgumentException("--" + name + " is too large (" + value + ")");
        }
        return value.longValueExact();
    }

    private static Duration duration(Map<String, String> all, String name) {
        return GoDuration.parse(v(all, name));
    }

    /** A value every flag has after defaults are filled in. */
    private static String v(Map<String, String> all, String name) {
        return Objects.requireNonNull(all.get(name), name);
    }
}
