package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import dev.cairn.proto.etcdserverpb.StatusResponse;
import dev.cairn.proto.health.v1.HealthCheckRequest;
import dev.cairn.proto.health.v1.HealthCheckResponse;
import dev.cairn.proto.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What monitoring sees: etcdctl endpoint health/status, gRPC health, the HTTP endpoints on the
 * client port, and etcd's member and cluster IDs. Values that differ by design between etcd 3.4
 * and Cairn (version string, db size, raft indexes) are checked for shape and consistency only.
 */
class EndpointTest {
    static Stream<Target> targets() {
        return Target.selected().stream();
    }

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return Long.parseUnsignedLong(m.group(1));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void etcdctlEndpointHealthAndStatus(Target target) {
        try (ServerProcess server = ServerProcess.start(target, "endpoint-etcdctl", null)) {
            Etcdctl etcdctl = new Etcdctl(server);
            assertThat(etcdctl.run("put", "k", "v").exitCode()).isZero();

            Etcdctl.Result health = etcdctl.run("endpoint", "health");
            assertThat(health.exitCode()).as("%s", health).isZero();
            assertThat(health.stdout() + health.stderr()) // etcdctl 3.4 prints this on stderr
                    .as("%s", health)
                    .matches(Pattern.quote(server.endpoint())
                            + " is healthy: successfully committed proposal: took = \\S+\\n");

            Etcdctl.Result status = etcdctl.run("endpoint", "status", "-w", "json");
            assertThat(status.exitCode()).as("%s", status).isZero();
            String json = status.stdout();
            assertThat(field(json, "revision"))
                    .as("header revision after one put")
                    .isEqualTo(2);
            assertThat(field(json, "leader")).as("a single member leads").isEqualTo(field(json, "member_id"));
            assertThat(field(json, "dbSize")).isPositive();
            assertThat(field(json, "raftAppliedIndex")).isEqualTo(field(json, "raftIndex"));
            assertThat(json).containsPattern("\"version\":\"3\\.\\d+\\.\\d+\"");

            StatusResponse grpc = MaintenanceGrpc.newBlockingStub(server.channel())
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .status(StatusRequest.getDefaultInstance());
            assertThat(grpc.getLeader()).isEqualTo(grpc.getHeader().getMemberId());
            assertThat(grpc.getHeader().getRevision()).isEqualTo(2);
            assertThat(grpc.getIsLearner()).isFalse();
            assertThat(grpc.getErrorsList()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void grpcHealthServing(Target target) {
        try (ServerProcess server = ServerProcess.start(target, "endpoint-grpc-health", null)) {
            HealthCheckResponse r = HealthGrpc.newBlockingStub(server.channel())
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("").build());
            assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
    }

    /** etcd serves HTTP/1.1 (/health, /version) and gRPC on the same client port. */
    @ParameterizedTest
    @MethodSource("targets")
    void httpHealthAndVersionOnTheClientPort(Target target) throws IOException, InterruptedException {
        try (ServerProcess server = ServerProcess.start(target, "endpoint-http", null)) {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = "http://127.0.0.1:" + server.clientPort();

            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/health"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"health\":\"true\"");

            HttpResponse<String> version = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/version"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(version.statusCode()).isEqualTo(200);
            assertThat(version.body()).containsPattern("\"etcdserver\":\"3\\.\\d+\\.\\d+\"");
        }
    }

    /**
     * etcd derives the member ID from the peer URLs and the cluster token, and the cluster ID from
     * the member IDs. Started on the same ports, one after the other, Cairn must report the same.
     */
    @Test
    void memberAndClusterIdsEqualEtcdsForTheSamePeerUrls() {
        assumeThat(Target.selected()).as("cairn is a selected target").contains(Target.CAIRN);
        int[] ports = ServerProcess.freePorts(2);
        StatusResponse etcd;
        try (ServerProcess server = ServerProcess.start(Target.ETCD, "endpoint-ids", null, ports)) {
            etcd = status(server);
        }
        StatusResponse cairn;
        try (ServerProcess server = ServerProcess.start(Target.CAIRN, "endpoint-ids", null, ports)) {
            cairn = status(server);
        }
        assertThat(cairn.getHeader().getMemberId()).isEqualTo(etcd.getHeader().getMemberId());
        assertThat(cairn.getHeader().getClusterId()).isEqualTo(etcd.getHeader().getClusterId());
    }

    private static StatusResponse status(ServerProcess server) {
        return MaintenanceGrpc.newBlockingStub(server.channel())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .status(StatusRequest.getDefaultInstance());
    }
}
