package dev.cairn.server.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole configuration of one member, resolved from flags, {@code ETCD_*} variables or the
 * config file, and validated with etcd's rules. Immutable.
 *
 * @param name {@code --name}
 * @param dataDir {@code --data-dir} (default {@code <name>.etcd})
 * @param listenClientUrls {@code --listen-client-urls}: one gRPC listener each
 * @param advertiseClientUrls {@code --advertise-client-urls}: published in member lists
 * @param clientSecurity TLS of the client listeners
 * @param peerSecurity peer TLS (accepted; no peer traffic is served)
 * @param cluster {@code --initial-cluster} and friends
 * @param limits request size, transaction and stream limits
 * @param keepalive gRPC keepalive policy
 * @param logging log level and outputs
 * @param tuning raft, quota and compaction settings
 * @param listenMetricsUrls {@code --listen-metrics-urls}: HTTP-only listeners for /metrics, /health,
 *     /livez, /readyz and /version
 * @param settings every flag's resolved value by name, including those Cairn does not act on
 */
public record ServerConfig(
        String name,
        Path dataDir,
        List<EtcdUrl> listenClientUrls,
        List<EtcdUrl> advertiseClientUrls,
        TransportSecurity clientSecurity,
        TransportSecurity peerSecurity,
        ClusterBootstrap cluster,
        RequestLimits limits,
        GrpcKeepalive keepalive,
        LogSettings logging,
        Tuning tuning,
        List<EtcdUrl> listenMetricsUrls,
        Map<String, String> settings) {

    public ServerConfig {
        listenClientUrls = List.copyOf(listenClientUrls);
        advertiseClientUrls = List.copyOf(advertiseClientUrls);
        listenMetricsUrls = List.copyOf(listenMetricsUrls);
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        if (listenClientUrls.isEmpty()) {
            throw new IllegalArgumentException("--listen-client-urls must name at least one URL");
        }
        if (advertiseClientUrls.isEmpty()) {
            throw new IllegalArgumentException(
                    "--advertise-client-urls is required when --listen-client-urls is set explicitly");
        }
        checkBind(cluster.listenPeerUrls());
        checkBind(listenClientUrls);
        checkBind(listenMetricsUrls);
        checkHost("--initial-advertise-peer-urls", cluster.initialAdvertisePeerUrls());
        checkHost("--advertise-client-urls", advertiseClientUrls);
    }

    /** This member's ID as etcd derives it. */
    public long memberId() {
        return cluster.memberId(name);
    }

    /** The cluster ID as etcd derives it. */
    public long clusterId() {
        return cluster.clusterId();
    }

    /** Where the store lives: {@code <data-dir>/member}, as etcd's member directory. */
    public Path memberDir() {
        return dataDir.resolve("member");
    }

    private static void checkBind(List<EtcdUrl> urls) {
        for (EtcdUrl u : urls) {
            if (!u.scheme().startsWith("unix") && !u.bindable()) {
                throw new IllegalArgumentException("expected IP in URL for binding (" + u.text() + ")");
            }
        }
    }

    private static void checkHost(String flag, List<EtcdUrl> urls) {
        for (EtcdUrl u : urls) {
            if (u.host().isEmpty()) {
                String all = String.join(",", urls.stream().map(EtcdUrl::text).toList());
                throw new IllegalArgumentException(
                        flag + " \"" + all + "\" must be \"host:port\" (unexpected empty host (" + u.text() + "))");
            }
        }
    }
}
