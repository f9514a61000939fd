package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: a grpc-java Netty server on 127.0.0.1 with {@link ServerTls#serverContext}. */
class GrpcTlsTest {
    @TempDir
    static Path dir;

    static Path caFile;
    static Path serverCert;
    static Path serverKey;
    static Path aliceCert;
    static Path aliceKey;
    static Path malloryCert;
    static Path malloryKey;

    @BeforeAll
    static void mintCertificates() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("cairn-test-ca");
        caFile = dir.resolve("ca.crt");
        ca.writeCertificate(caFile);
        serverCert = dir.resolve("server.crt");
        serverKey = dir.resolve("server.key");
        ca.issue("server", List.of("localhost", "127.0.0.1"), true, false).writePem(serverCert, serverKey);
        aliceCert = dir.resolve("alice.crt");
        aliceKey = dir.resolve("alice.key");
        ca.issue("alice", List.of(), false, true).writePem(aliceCert, aliceKey);
        malloryCert = dir.resolve("mallory.crt");
        malloryKey = dir.resolve("mallory.key");
        CertificateAuthority.create("other-ca")
                .issue("mallory", List.of(), false, true)
                .writePem(malloryCert, malloryKey);
    }

    @Test
    void clientCertAuthAcceptsACertificateSignedByTheTrustedCa() throws Exception {
        String reply = call(mtlsConfig(), ServerTls.clientContext(caFile, aliceCert, aliceKey));
        assertThat(reply).isIn("TLSv1.3 CN=alice", "TLSv1.2 CN=alice");
    }

    @Test
    void clientCertAuthRejectsAClientWithoutCertificate() throws Exception {
        SslContext noCert = ServerTls.clientContext(caFile, null, null);
        assertUnavailable(() -> call(mtlsConfig(), noCert));
    }

    @Test
    void clientCertAuthRejectsACertificateFromAnotherCa() throws Exception {
        SslContext stranger = ServerTls.clientContext(caFile, malloryCert, malloryKey);
        assertUnavailable(() -> call(mtlsConfig(), stranger));
    }

    @Test
    void withoutClientCertAuthNoCertificateIsRequested() throws Exception {
        TlsConfig config = new TlsConfig(serverCert, serverKey, caFile, false, false, dir.resolve("auto"), List.of());
        assertThat(call(config, ServerTls.clientContext(caFile, null, null))).isEqualTo("TLSv1.3 -");
        // A client that offers a certificate anyway is not asked for it, so the server sees none.
        assertThat(call(config, ServerTls.clientContext(caFile, aliceCert, aliceKey)))
                .isEqualTo("TLSv1.3 -");
    }

    @Test
    void negotiatesTls13ByDefaultAndTls12WhenTheClientCapsIt() throws Exception {
        assertThat(call(mtlsConfig(), ServerTls.clientContext(caFile, aliceCert, aliceKey)))
                .isEqualTo("TLSv1.3 CN=alice");
        SslContext tls12Only = GrpcSslContexts.configure(
                        SslContextBuilder.forClient()
                                .trustManager(caFile.toFile())
                                .keyManager(aliceCert.toFile(), aliceKey.toFile()),
                        SslProvider.OPENSSL)
                .protocols("TLSv1.2")
                .build();
        assertThat(call(mtlsConfig(), tls12Only)).isEqualTo("TLSv1.2 CN=alice");
    }

    @Test
    void clientRejectsAServerItDoesNotTrust() throws Exception {
        Path otherCa = dir.resolve("other-ca.crt");
        CertificateAuthority.create("unrelated").writeCertificate(otherCa);
        SslContext distrustful = ServerTls.clientContext(otherCa, aliceCert, aliceKey);
        assertUnavailable(() -> call(mtlsConfig(), distrustful));
    }

    @Test
    void autoTlsServesAGeneratedCertificate() throws Exception {
        Path autoDir = dir.resolve("data/fixtures/client");
        TlsConfig config = new TlsConfig(null, null, null, false, true, autoDir, List.of("localhost", "127.0.0.1"));
        SslContext server = ServerTls.serverContext(config);
        SslContext trusting = ServerTls.clientContext(autoDir.resolve(TlsConfig.AUTO_CERT_FILE), null, null);
        assertThat(call(server, trusting)).isEqualTo("TLSv1.3 -");
    }

    private static TlsConfig mtlsConfig() {
        return new TlsConfig(serverCert, serverKey, caFile, true, false, dir.resolve("auto"), List.of());
    }

    private static String call(TlsConfig config, SslContext client) throws Exception {
        return call(ServerTls.serverContext(config), client);
    }

    private static String call(SslContext serverContext, SslContext client) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(serverContext)
                .addService(EchoService.definition())
                .directExecutor()
                .build()
                .start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .sslContext(client)
                .directExecutor()
                .build();
        try {
            // The deadline only bounds a hung test; nothing asserts on time.
            return ClientCalls.blockingUnaryCall(
                    channel, EchoService.WHO_AM_I, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), "who");
        } finally {
            channel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static void assertUnavailable(ThrowingCall call) {
        assertThatThrownBy(call::run)
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        @Nullable
        Object run() throws Exception;
    }
}
