package dev.cairn.server.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import dev.cairn.proto.etcdserverpb.StatusResponse;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.LoadOutcome;
import dev.cairn.server.config.ServerConfig;
import dev.cairn.server.http.HttpEndpoints;
import dev.cairn.server.http.MemberProbe;
import dev.cairn.server.http.VersionReport;
import dev.cairn.server.rpc.RpcContext;
import dev.cairn.server.rpc.RpcServices;
import dev.cairn.server.rpc.Versions;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import dev.cairn.tls.ServerTls;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 and gRPC on the same client port, and the metrics listener, over loopback. */
class ClientPortHttpTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private final List<ClientListeners.Listener> started = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private MvccStore store;

    @BeforeEach
    void open() {
        store = MvccStores.open(dir.resolve("member"));
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        started.forEach(l -> l.server().shutdownNow());
        store.close();
    }

    private ServerConfig config(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(List.of(args));
        return ((LoadOutcome.Run) ConfigLoader.load(all, Map.of())).config();
    }

    private HttpEndpoints endpoints(ServerConfig config) {
        return new HttpEndpoints(
                new MemberProbe(store, config.memberId()),
                new VersionReport(Versions.SERVER, VersionInfo.CLUSTER_VERSION + ".0", Versions.STORAGE));
    }

    private ClientListeners.Listener startClient(ServerConfig config, HttpEndpoints http) throws Exception {
        var services = RpcServices.bind(RpcContext.local(store, config.clusterId(), config.memberId(), 128, 1_572_864));
        List<ClientListeners.Listener> ls = ClientListeners.start(config, services, http, CLOCK);
        started.addAll(ls);
        return ls.get(0);
    }

    private static int port(ClientListeners.Listener l) {
        String a = l.boundAddress();
        return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient http1() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static void assertEndpoints(HttpClient http, String base) throws Exception {
        HttpResponse<String> health = send(http, "GET", base + "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"health\":\"true\",\"reason\":\"\"}");
        assertThat(send(http, "GET", base + "/health?serializable=true&exclude=NOSPACE")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> post = send(http, "POST", base + "/health");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> version = send(http, "GET", base + "/version");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body())
                .isEqualTo("{\"etcdserver\":\"3.6.14\",\"etcdcluster\":\"3.6.0\",\"storage\":\"3.6.0\"}");

        assertThat(send(http, "GET", base + "/livez").body()).isEqualTo("ok\n");
        assertThat(send(http, "GET", base + "/readyz").body()).isEqualTo("ok\n");
        assertThat(send(http, "GET", base + "/readyz?verbose&exclude=non_learner")
                        .body())
                .isEqualTo("[+]data_corruption ok\n[+]serializable_read ok\n[+]linearizable_read ok\n"
                        + "[+]non_learner excluded: ok\nok\n");
        assertThat(send(http, "GET", base + "/livez/serializable_read").statusCode())
                .isEqualTo(200);
        assertThat(send(http, "GET", base + "/readyz/no_such_check").statusCode())
                .isEqualTo(404);

        HttpResponse<String> metrics = send(http, "GET", base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("etcd_server_has_leader 1\n")
                .contains("etcd_server_is_leader 1\n")
                .contains("etcd_server_version{server_version=\"3.6.14\"} 1\n")
                .contains("etcd_mvcc_current_revision 1\n")
                .containsPattern("etcd_mvcc_db_total_size_in_bytes [1-9][0-9]*\n");

        assertThat(send(http, "GET", base + "/nothing-here").statusCode()).isEqualTo(404);
        assertThat(send(http, "POST", base + "/v3/kv/range").statusCode()).isEqualTo(501);
    }

    @Test
    void plainClientPortServesHttpAndGrpc() throws Exception {
        ServerConfig config =
                config("--listen-client-urls=http://127.0.0.1:0", "--advertise-client-urls=http://127.0.0.1:2379");
        ClientListeners.Listener l = startClient(config, endpoints(config));

        assertEndpoints(http1(), "http://127.0.0.1:" + port(l));

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port(l))
                .usePlaintext()
                .build();
        channels.add(channel);
        StatusResponse status = MaintenanceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .status(StatusRequest.getDefaultInstance());
        assertThat(status.getVersion()).isEqualTo(Versions.SERVER);
    }

    @Test
    void metricsListenerServesTheSameEndpoints() throws Exception {
        ServerConfig config = config(
                "--listen-client-urls=http://127.0.0.1:0",
                "--advertise-client-urls=http://127.0.0.1:2379",
                "--listen-metrics-urls=http://127.0.0.1:0");
        HttpEndpoints http = endpoints(config);
        List<ClientListeners.Listener> metrics = ClientListeners.startMetrics(config, http, CLOCK);
        started.addAll(metrics);

        assertThat(metrics).hasSize(1);
        assertEndpoints(http1(), "http://127.0.0.1:" + port(metrics.get(0)));
    }

    @Test
    void tlsClientPortServesHttpAndGrpc() throws Exception {
        ServerConfig config = config(
                "--listen-client-urls=https://127.0.0.1:0",
                "--advertise-client-urls=https://127.0.0.1:2379",
                "--auto-tls");
        ClientListeners.Listener l = startClient(config, endpoints(config));
        Path cert = dir.resolve("fixtures/client/cert.pem");

        HttpClient https = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting(cert))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        assertEndpoints(https, "https://127.0.0.1:" + port(l));

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port(l))
                .sslContext(ServerTls.clientContext(cert, null, null))
                .build();
        channels.add(channel);
        StatusResponse status = MaintenanceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .status(StatusRequest.getDefaultInstance());
        assertThat(status.getVersion()).isEqualTo(Versions.SERVER);
    }

    private static SSLContext trusting(Path certFile) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            ks.setCertificateEntry(
                    "cairn", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
