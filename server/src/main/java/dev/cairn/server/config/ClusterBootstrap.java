package dev.cairn.server.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the member bootstraps its cluster: peer URLs, {@code --initial-cluster}, state and token.
 * Immutable.
 *
 * @param listenPeerUrls {@code --listen-peer-urls} (accepted; no peer traffic is served)
 * @param initialAdvertisePeerUrls {@code --initial-advertise-peer-urls}
 * @param initialCluster member name to its peer URLs, sorted by name
 * @param state {@code --initial-cluster-state}
 * @param token {@code --initial-cluster-token}
 */
public record ClusterBootstrap(
        List<EtcdUrl> listenPeerUrls,
        List<EtcdUrl> initialAdvertisePeerUrls,
        Map<String, List<EtcdUrl>> initialCluster,
        State state,
        String token) {

    public ClusterBootstrap {
        listenPeerUrls = List.copyOf(listenPeerUrls);
        initialAdvertisePeerUrls = List.copyOf(initialAdvertisePeerUrls);
        Map<String, List<EtcdUrl>> copy = new TreeMap<>();
        initialCluster.forEach((name, urls) -> copy.put(name, List.copyOf(urls)));
        initialCluster = Collections.unmodifiableMap(copy);
        if (initialCluster.isEmpty()) {
            throw new IllegalArgumentException("--initial-cluster must name at least one member");
        }
    }

    /** {@code --initial-cluster-state}. */
    public enum State {
        NEW,
        EXISTING
    }

    /**
     * Parses etcd's {@code name=url,name=url} syntax; a name may appear more than once to give a
     * member several peer URLs.
     */
    public static Map<String, List<EtcdUrl>> parseInitialCluster(String text) {
        Map<String, List<EtcdUrl>> members = new LinkedHashMap<>();
        if (text.isBlank()) {
            return members;
        }
        for (String entry : text.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        "--initial-cluster entry \"" + entry + "\" is not of the form name=url");
            }
            String name = entry.substring(0, eq).strip();
            members.computeIfAbsent(name, n -> new ArrayList<>()).add(EtcdUrl.parse(entry.substring(eq + 1)));
        }
        return members;
    }

    /** The member ID of member {@code name} as etcd derives it from its peer URLs and the token. */
    public long memberId(String name) {
        List<EtcdUrl> urls = initialCluster.get(name);
        if (urls == null) {
            throw new IllegalArgumentException(
                    "couldn't find local name \"" + name + "\" in the initial cluster configuration");
        }
        return ClusterIds.memberId(urls.stream().map(EtcdUrl::text).toList(), token);
    }

    /** The cluster ID as etcd derives it from all initial members. */
    public long clusterId() {
        return ClusterIds.clusterId(
                initialCluster.keySet().stream().map(this::memberId).toList());
    }

    /** {@code --initial-cluster} as etcd prints it. */
    public String initialClusterText() {
        List<String> parts = new ArrayList<>();
        initialCluster.forEach((name, urls) -> urls.forEach(u -> parts.add(name + "=" + u.text())));
        return String.join(",", parts);
    }
}
