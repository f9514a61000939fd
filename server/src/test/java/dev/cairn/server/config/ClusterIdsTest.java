package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Member and cluster IDs against values printed by the reference etcd 3.4.23 binary ("starting
 * member X in cluster Y", "added member X [...] to cluster Y") for the same flags.
 */
class ClusterIdsTest {

    static Stream<Arguments> referenceClusters() {
        return Stream.of(
                // etcd with default flags
                Arguments.of(
                        "default",
                        "default=http://localhost:2380",
                        "etcd-cluster",
                        Map.of("default", "8e9e05c52164694d"),
                        "cdf818194e3a8c32"),
                // three members; fd42... is above Long.MAX_VALUE, so the cluster ID checks the unsigned sort
                Arguments.of(
                        "infra1",
                        "infra1=http://127.0.0.1:12380,infra2=http://127.0.0.1:22380,infra3=http://127.0.0.1:32380",
                        "etcd-cluster-1",
                        Map.of(
                                "infra1",
                                "8211f1d0f64f3269",
                                "infra2",
                                "91bc3c398fb3c146",
                                "infra3",
                                "fd422379fda50e48"),
                        "ef37ad9dc622a7c4"),
                // one member with two peer URLs given out of order: they are sorted before hashing
                Arguments.of(
                        "n1",
                        "n1=http://127.0.0.1:12381,n1=http://127.0.0.1:12380",
                        "tok",
                        Map.of("n1", "282ecffe6a26ad33"),
                        "c84a6cba8077dc08"));
    }

    @ParameterizedTest
    @MethodSource("referenceClusters")
    void matchesEtcd(
            String local, String initialCluster, String token, Map<String, String> memberIds, String clusterId) {
        var members = ClusterBootstrap.parseInitialCluster(initialCluster);
        var bootstrap = new ClusterBootstrap(
                List.of(),
                java.util.Objects.requireNonNull(members.get(local)),
                members,
                ClusterBootstrap.State.NEW,
                token);

        memberIds.forEach((name, id) ->
                assertThat(ClusterIds.hex(bootstrap.memberId(name))).as(name).isEqualTo(id));
        assertThat(ClusterIds.hex(bootstrap.clusterId())).isEqualTo(clusterId);
    }

    @ParameterizedTest
    @MethodSource("referenceClusters")
    void clusterIdIgnoresMemberOrder(
            String local, String initialCluster, String token, Map<String, String> memberIds, String clusterId) {
        List<Long> ids = memberIds.values().stream()
                .map(h -> Long.parseUnsignedLong(h, 16))
                .toList();
        List<Long> reversed = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(reversed);

        assertThat(ClusterIds.hex(ClusterIds.clusterId(ids))).isEqualTo(clusterId);
        assertThat(ClusterIds.clusterId(reversed)).isEqualTo(ClusterIds.clusterId(ids));
    }

    @org.junit.jupiter.api.Test
    void memberIdDependsOnTokenAndUrls() {
        long base = ClusterIds.memberId(List.of("http://localhost:2380"), "etcd-cluster");

        assertThat(ClusterIds.memberId(List.of("http://localhost:2380"), "other"))
                .isNotEqualTo(base);
        assertThat(ClusterIds.memberId(List.of("http://localhost:2381"), "etcd-cluster"))
                .isNotEqualTo(base);
        assertThat(ClusterIds.memberId(List.of("http://localhost:2380"), "etcd-cluster"))
                .isEqualTo(base);
    }
}
