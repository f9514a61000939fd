package dev.cairn.server.config;

import java.util.List;
import java.util.Objects;

/**
 * What a Cairn member cannot do yet, checked after etcd's own rules: discovery, the v2 proxy and
 * unix-socket listeners. (Bootstrapping a cluster, new or existing, is checked by the membership
 * package's bootstrap plans when the member starts.) Stateless.
 */
final class SingleMember {
    private SingleMember() {}

    static void check(ServerConfig config, List<Notice> notices) throws ConfigException {
        ClusterBootstrap cluster = config.cluster();
        var settings = config.settings();
        if (!settings.getOrDefault("discovery", "").isEmpty()
                || !settings.getOrDefault("discovery-srv", "").isEmpty()) {
            throw unsupported(
                    "discovery (--discovery, --discovery-srv) bootstraps a multi-member cluster; Cairn runs a single member");
        }
        if (!Objects.equals(settings.get("proxy"), "off")) {
            throw ConfigException.invalid(
                    "--proxy=" + settings.get("proxy") + " is not supported: Cairn has no v2 proxy");
        }
        List<EtcdUrl> local = cluster.initialCluster().get(config.name());
        if (local == null) {
            throw ConfigException.invalid("couldn't find local name \"" + config.name()
                    + "\" in the initial cluster configuration (--initial-cluster=" + cluster.initialClusterText()
                    + ")");
        }
        List<String> clusterUrls = local.stream().map(EtcdUrl::text).sorted().toList();
        List<String> advertised = cluster.initialAdvertisePeerUrls().stream()
                .map(EtcdUrl::text)
                .sorted()
                .toList();
        if (cluster.state() == ClusterBootstrap.State.NEW && !clusterUrls.equals(advertised)) {
            throw ConfigException.invalid("--initial-cluster has " + config.name() + "=" + String.join(",", clusterUrls)
                    + " but missing from --initial-advertise-peer-urls=" + String.join(",", advertised));
        }
        for (EtcdUrl url : config.listenClientUrls()) {
            if (url.scheme().startsWith("unix")) {
                throw ConfigException.invalid("unix socket client listeners are not supported yet: " + url.text());
            }
        }
        for (EtcdUrl url : config.listenMetricsUrls()) {
            if (url.scheme().startsWith("unix")) {
                throw ConfigException.invalid("unix socket metrics listeners are not supported yet: " + url.text());
            }
        }
        if (!settings.getOrDefault("listen-client-http-urls", "").isEmpty()) {
            notices.add(Notice.warn("--listen-client-http-urls is accepted but not served yet"));
        }
    }

    private static ConfigException unsupported(String detail) {
        return ConfigException.invalid("clustering is not supported yet: " + detail);
    }
}
