package dev.cairn.server.config;

import static dev.cairn.server.config.FlagKind.BOOL;
import static dev.cairn.server.config.FlagKind.CHOICE;
import static dev.cairn.server.config.FlagKind.DURATION;
import static dev.cairn.server.config.FlagKind.IGNORED;
import static dev.cairn.server.config.FlagKind.INT;
import static dev.cairn.server.config.FlagKind.INT64;
import static dev.cairn.server.config.FlagKind.STRING;
import static dev.cairn.server.config.FlagKind.STRINGS;
import static dev.cairn.server.config.FlagKind.UINT;
import static dev.cairn.server.config.FlagKind.UINT32;
import static dev.cairn.server.config.FlagKind.UINT64;
import static dev.cairn.server.config.FlagKind.URLS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every flag the server accepts: etcd 3.4's full set plus the 3.5/3.6 names tooling passes. Flags
 * Cairn does not act on are accepted, validated by type and kept in {@link ServerConfig#settings()}.
 * Defaults are etcd 3.6's where 3.4 and 3.6 differ (Cairn reports itself as 3.6). Immutable.
 */
public final class FlagTable {
    private static final Map<String, FlagDef> FLAGS = build();

    private FlagTable() {}

    /** The flag called {@code name} (no dashes). */
    public static Optional<FlagDef> lookup(String name) {
        return Optional.ofNullable(FLAGS.get(name));
    }

    /** All flags in declaration order. */
    public static List<FlagDef> all() {
        return List.copyOf(FLAGS.values());
    }

    private static Map<String, FlagDef> build() {
        List<FlagDef> d = new ArrayList<>();
        // member
        d.add(f(
                "config-file",
                STRING,
                "",
                "Path to the server configuration file; other flags and ETCD_* variables are then ignored."));
        d.add(f("name", STRING, "default", "Human-readable name for this member."));
        d.add(f("data-dir", STRING, "", "Path to the data directory (default ${name}.etcd)."));
        d.add(f("wal-dir", STRING, "", "Path to the dedicated wal directory (accepted, unused)."));
        d.add(f(
                "listen-peer-urls",
                URLS,
                "http://localhost:2380",
                "List of URLs to listen on for peer traffic (accepted, not served)."));
        d.add(f("listen-client-urls", URLS, "http://localhost:2379", "List of URLs to listen on for client traffic."));
        d.add(f(
                "listen-client-http-urls",
                URLS,
                "",
                "List of URLs for HTTP-only client traffic (accepted, not served)."));
        d.add(f("listen-metrics-urls", URLS, "", "List of URLs to serve /metrics, /health, /livez and /readyz on."));
        d.add(f("max-snapshots", UINT, "5", "Maximum number of snapshot files to retain."));
        d.add(f("max-wals", UINT, "5", "Maximum number of wal files to retain."));
        d.add(f("snapshot-count", UINT64, "10000", "Number of committed transactions to trigger a snapshot."));
        d.add(f("heartbeat-interval", UINT, "100", "Time (in milliseconds) of a heartbeat interval."));
        d.add(f("election-timeout", UINT, "1000", "Time (in milliseconds) for an election to timeout."));
        d.add(f("initial-election-tick-advance", BOOL, "true", "Fast-forward initial election ticks on boot."));
        d.add(f("quota-backend-bytes", INT64, "0", "Backend size quota in bytes (0 = default 2 GiB)."));
        d.add(f("backend-batch-interval", DURATION, "0", "Maximum time before committing a backend transaction."));
        d.add(f("backend-batch-limit", INT, "0", "Maximum operations before committing a backend transaction."));
        d.add(f("max-txn-ops", UINT, "128", "Maximum number of operations permitted in a transaction."));
        d.add(f("max-request-bytes", UINT, "1572864", "Maximum client request size in bytes the server will accept."));
        d.add(f("max-concurrent-streams", UINT32, "4294967295", "Maximum concurrent streams each client can open."));
        d.add(f(
                "grpc-keepalive-min-time",
                DURATION,
                "5s",
                "Minimum interval a client should wait before pinging the server."));
        d.add(f("grpc-keepalive-interval", DURATION, "2h", "Frequency of server-to-client pings (0 to disable)."));
        d.add(f(
                "grpc-keepalive-timeout",
                DURATION,
                "20s",
                "Wait for a ping ack before closing the connection (0 to disable)."));
        // clustering
        d.add(f(
                "initial-advertise-peer-urls",
                URLS,
                "http://localhost:2380",
                "This member's peer URLs to advertise to the cluster."));
        d.add(f("advertise-client-urls", URLS, "http://localhost:2379", "This member's client URLs to advertise."));
        d.add(f("discovery", STRING, "", "Discovery URL (not supported)."));
        d.add(c("discovery-fallback", "proxy", List.of("proxy", "exit"), "Behaviour when discovery fails."));
        d.add(f("discovery-proxy", STRING, "", "HTTP proxy for the discovery service."));
        d.add(f("discovery-srv", STRING, "", "DNS domain to bootstrap the cluster (not supported)."));
        d.add(f("discovery-srv-name", STRING, "", "Service name for DNS discovery."));
        d.add(f(
                "initial-cluster",
                STRING,
                "",
                "Initial cluster configuration (default ${name}=${initial-advertise-peer-urls})."));
        d.add(f(
                "initial-cluster-token",
                STRING,
                "etcd-cluster",
                "Initial cluster token; seeds member and cluster IDs."));
        d.add(c(
                "initial-cluster-state",
                "new",
                List.of("new", "existing"),
                "Initial cluster state ('new' or 'existing')."));
        d.add(f(
                "strict-reconfig-check",
                BOOL,
                "true",
                "Reject reconfiguration requests that would cause quorum loss."));
        d.add(f("enable-v2", BOOL, "false", "Accept etcd V2 client requests (ignored)."));
        d.add(f("pre-vote", BOOL, "true", "Run an additional Raft election phase."));
        d.add(f("max-learners", INT, "1", "Maximum number of learners in the cluster."));
        // proxy (etcd 3.4 v2 proxy; accepted only when off)
        d.add(c("proxy", "off", List.of("off", "readonly", "on"), "v2 proxy mode (only 'off' is supported)."));
        d.add(f("proxy-failure-wait", UINT, "5000", "v2 proxy: failed endpoint hold time (ms)."));
        d.add(f("proxy-refresh-interval", UINT, "30000", "v2 proxy: endpoint refresh interval (ms)."));
        d.add(f("proxy-dial-timeout", UINT, "1000", "v2 proxy: dial timeout (ms)."));
        d.add(f("proxy-write-timeout", UINT, "5000", "v2 proxy: write timeout (ms)."));
        d.add(f("proxy-read-timeout", UINT, "0", "v2 proxy: read timeout (ms)."));
        // security
        d.add(f("cert-file", STRING, "", "Path to the client server TLS cert file."));
        d.add(f("key-file", STRING, "", "Path to the client server TLS key file."));
        d.add(f("client-cert-auth", BOOL, "false", "Enable client cert authentication."));
        d.add(f("client-crl-file", STRING, "", "Path to the client certificate revocation list file."));
        d.add(f("client-cert-allowed-hostname", STRING, "", "Allowed TLS hostname for client cert authentication."));
        d.add(f("client-cert-file", STRING, "", "Certificate the server uses as a client."));
        d.add(f("client-key-file", STRING, "", "Key the server uses as a client."));
        d.add(f("trusted-ca-file", STRING, "", "Path to the client server TLS trusted CA cert file."));
        d.add(f("auto-tls", BOOL, "false", "Client TLS using generated certificates."));
        d.add(f("peer-cert-file", STRING, "", "Path to the peer server TLS cert file (accepted)."));
        d.add(f("peer-key-file", STRING, "", "Path to the peer server TLS key file (accepted)."));
        d.add(f("peer-client-cert-auth", BOOL, "false", "Enable peer client cert authentication (accepted)."));
        d.add(f("peer-trusted-ca-file", STRING, "", "Path to the peer server TLS trusted CA file (accepted)."));
        d.add(f("peer-auto-tls", BOOL, "false", "Peer TLS using generated certificates (accepted)."));
        d.add(f("peer-crl-file", STRING, "", "Path to the peer certificate revocation list file."));
        d.add(f("peer-cert-allowed-cn", STRING, "", "Allowed CN for inter peer authentication."));
        d.add(f("peer-cert-allowed-hostname", STRING, "", "Allowed TLS hostname for inter peer authentication."));
        d.add(f("cipher-suites", STRINGS, "", "Comma-separated list of supported TLS cipher suites."));
        d.add(f("tls-min-version", STRING, "TLS1.2", "Minimum TLS version."));
        d.add(f("tls-max-version", STRING, "", "Maximum TLS version."));
        d.add(f(
                "experimental-peer-skip-client-san-verification",
                BOOL,
                "false",
                "Skip SAN verification of peer client certificates."));
        d.add(f("cors", STRING, "*", "Comma-separated whitelist of origins for CORS."));
        d.add(f("host-whitelist", STRING, "*", "Acceptable hostnames from HTTP client requests."));
        // logging
        d.add(c("logger", "zap", List.of("zap", "capnslog"), "Logger name (both print the same text format here)."));
        d.add(f("log-outputs", STRINGS, "default", "Log targets: default, stderr, stdout or a file path."));
        d.add(f("log-output", STRINGS, "default", "Deprecated: use --log-outputs."));
        d.add(f("log-level", STRING, "info", "Log level: debug, info, warn, error, panic or fatal."));
        d.add(f("log-format", STRING, "json", "Log format (accepted)."));
        d.add(f("log-package-levels", STRING, "", "Deprecated per-package log levels (ignored)."));
        d.add(f("debug", BOOL, "false", "Deprecated: use --log-level=debug."));
        d.add(f("enable-log-rotation", BOOL, "false", "Log file rotation (accepted)."));
        d.add(f("log-rotation-config-json", STRING, "", "Log rotation configuration (accepted)."));
        // version, compaction, profiling, auth, gateway
        d.add(f("version", BOOL, "false", "Print the version and exit."));
        d.add(f("auto-compaction-retention", STRING, "0", "Auto compaction retention (0 disables)."));
        d.add(f(
                "auto-compaction-mode",
                STRING,
                "periodic",
                "Interpret auto-compaction-retention as 'periodic' or 'revision'."));
        d.add(f("enable-pprof", BOOL, "false", "Enable runtime profiling (accepted, not served)."));
        d.add(f("metrics", STRING, "basic", "Level of detail for exported metrics (accepted, not served)."));
        d.add(f("auth-token", STRING, "simple", "Auth token options."));
        d.add(f("bcrypt-cost", UINT, "10", "bcrypt cost factor for password hashing."));
        d.add(f("auth-token-ttl", UINT, "300", "Lifetime in seconds of the auth token."));
        d.add(f("enable-grpc-gateway", BOOL, "true", "Enable the gRPC gateway (accepted)."));
        d.add(f("feature-gates", STRING, "", "Feature gates, e.g. InitialCorruptCheck=true (accepted)."));
        d.add(f(
                "watch-progress-notify-interval",
                DURATION,
                "10m",
                "Duration of periodic watch progress notifications."));
        d.add(f("unsafe-no-fsync", BOOL, "false", "Disables fsync (accepted, ignored)."));
        d.add(f("force-new-cluster", BOOL, "false", "Force a new one-member cluster."));
        d.add(f("self-signed-cert-validity", UINT, "1", "Validity in years of auto-TLS certificates."));
        d.add(f("socket-reuse-port", BOOL, "false", "SO_REUSEPORT on listeners."));
        d.add(f("socket-reuse-address", BOOL, "false", "SO_REUSEADDR on listeners."));
        d.add(f("v2-deprecation", STRING, "", "v2store deprecation phase."));
        addExperimental(d);
        for (String ignored : List.of(
                "cluster-active-size",
                "cluster-remove-delay",
                "cluster-sync-interval",
                "config",
                "force",
                "max-result-buffer",
                "max-retry-attempts",
                "peer-heartbeat-interval",
                "peer-election-timeout",
                "retry-interval",
                "snapshot",
                "v",
                "vv")) {
            d.add(f(ignored, IGNORED, "", "No longer supported; ignored."));
        }
        Map<String, FlagDef> byName = new LinkedHashMap<>();
        for (FlagDef def : d) {
            if (byName.put(def.name(), def) != null) {
                throw new IllegalStateException("duplicate flag " + def.name());
            }
        }
        return byName;
    }

    private static void addExperimental(List<FlagDef> d) {
        d.add(f("experimental-initial-corrupt-check", BOOL, "false", "Check data corruption before serving."));
        d.add(f("experimental-corrupt-check-time", DURATION, "0s", "Time between cluster corruption checks."));
        d.add(f("experimental-enable-v2v3", STRING, "", "v3 prefix for serving emulated v2 state."));
        d.add(f("experimental-backend-bbolt-freelist-type", STRING, "map", "bbolt freelist type."));
        d.add(f("experimental-enable-lease-checkpoint", BOOL, "false", "Leader sends lease checkpoints."));
        d.add(f("experimental-enable-lease-checkpoint-persist", BOOL, "false", "Persist lease remaining TTL."));
        d.add(f(
                "experimental-compaction-batch-limit",
                INT,
                "1000",
                "Maximum revisions deleted in each compaction batch."));
        d.add(f("experimental-compaction-sleep-interval", DURATION, "10ms", "Sleep between compaction batches."));
        d.add(f(
                "experimental-watch-progress-notify-interval",
                DURATION,
                "10m",
                "Duration of periodic watch progress notifications."));
        d.add(f("experimental-warning-apply-duration", DURATION, "100ms", "Warn when an apply takes longer."));
        d.add(f(
                "experimental-warning-unary-request-duration",
                DURATION,
                "300ms",
                "Warn when a unary request takes longer."));
        d.add(f("experimental-downgrade-check-time", DURATION, "5s", "Time between downgrade checks."));
        d.add(f("experimental-memory-mlock", BOOL, "false", "Lock the backend in memory."));
        d.add(f(
                "experimental-txn-mode-write-with-shared-buffer",
                BOOL,
                "true",
                "Shared buffer for write transactions."));
        d.add(f(
                "experimental-snapshot-catchup-entries",
                UINT64,
                "5000",
                "Entries kept for slow followers after a snapshot."));
        d.add(f(
                "experimental-snapshot-catch-up-entries",
                UINT64,
                "5000",
                "Alias of experimental-snapshot-catchup-entries."));
        d.add(f("experimental-compact-hash-check-enabled", BOOL, "false", "Leader checks compaction hashes."));
        d.add(f("experimental-compact-hash-check-time", DURATION, "1m", "Time between compaction hash checks."));
        d.add(f(
                "experimental-bootstrap-defrag-threshold-megabytes",
                UINT,
                "0",
                "Defragment on start-up above this many MB free."));
        d.add(f("experimental-max-learners", INT, "1", "Maximum number of learners."));
        d.add(f(
                "experimental-stop-grpc-service-on-defrag",
                BOOL,
                "false",
                "Report NOT_SERVING during defragmentation."));
        d.add(f("experimental-enable-distributed-tracing", BOOL, "false", "OpenTelemetry tracing (accepted)."));
        d.add(f("experimental-distributed-tracing-address", STRING, "localhost:4317", "Tracing collector address."));
        d.add(f("experimental-distributed-tracing-service-name", STRING, "etcd", "Tracing service name."));
        d.add(f("experimental-distributed-tracing-instance-id", STRING, "", "Tracing instance ID."));
        d.add(f("experimental-distributed-tracing-sampling-rate", STRING, "0", "Tracing samples per million spans."));
    }

    private static FlagDef f(String name, FlagKind kind, String defaultValue, String usage) {
        return new FlagDef(name, kind, defaultValue, List.of(), usage);
    }

    private static FlagDef c(String name, String defaultValue, List<String> choices, String usage) {
        return new FlagDef(name, CHOICE, defaultValue, choices, usage);
    }
}
