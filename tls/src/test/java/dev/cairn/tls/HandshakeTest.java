package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS handshakes between a client and {@link ServerTls#serverContext} driven in memory through two
 * {@link EmbeddedChannel}s: no sockets, no threads, deterministic.
 */
class HandshakeTest {
    @TempDir
    static Path dir;

    static Path caFile;
    static SslContext server;

    @BeforeAll
    static void setUp() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("handshake-ca");
        caFile = dir.resolve("ca.crt");
        ca.writeCertificate(caFile);
        ca.issue("server", List.of("localhost"), true, false)
                .writePem(dir.resolve("server.crt"), dir.resolve("server.key"));
        server = ServerTls.serverContext(new TlsConfig(
                dir.resolve("server.crt"), dir.resolve("server.key"), null, false, false, dir, List.of()));
    }

    @Test
    void negotiatesH2OverTls13WithBoringSsl() throws Exception {
        Handshake result = handshake(server, ServerTls.clientContext(caFile, null, null));
        assertThat(result.serverFailure()).isNull();
        assertThat(result.clientFailure()).isNull();
        assertThat(result.server().applicationProtocol()).isEqualTo("h2");
        assertThat(result.client().applicationProtocol()).isEqualTo("h2");
        assertThat(result.server().engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(server.isServer()).isTrue();
        assertThat(result.server().engine().getClass().getName()).contains("OpenSsl");
    }

    @Test
    void refusesTls11() throws Exception {
        SslContext tls11Client = tls11ClientOrNull();
        if (tls11Client == null) {
            // This BoringSSL build cannot even offer TLS 1.1, so the server-side refusal cannot be shown.
            Assumptions.abort("TLS 1.1 is not available to the client");
            return;
        }

        Handshake result = handshake(server, tls11Client);

        assertThat(result.serverFailure()).isNotNull();
        assertThat(result.serverFailure()).hasMessageContaining("UNSUPPORTED_PROTOCOL");
        assertThat(result.clientFailure()).isNotNull();
    }

    private static @Nullable SslContext tls11ClientOrNull() {
        try {
            SslContext client = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.OPENSSL)
                    .trustManager(caFile.toFile())
                    .protocols("TLSv1.1")
                    .build();
            boolean offered = List.of(client.newEngine(ByteBufAllocator.DEFAULT).getEnabledProtocols())
                    .contains("TLSv1.1");
            return offered ? client : null;
        } catch (SSLException | IllegalArgumentException e) {
            return null;
        }
    }

    record Handshake(
            SslHandler server,
            SslHandler client,
            @Nullable Throwable serverFailure,
            @Nullable Throwable clientFailure) {}

    static Handshake handshake(SslContext serverContext, SslContext clientContext) {
        SslHandler serverHandler = serverContext.newHandler(ByteBufAllocator.DEFAULT);
        SslHandler clientHandler = clientContext.newHandler(ByteBufAllocator.DEFAULT, "localhost", 2379);
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverHandler);
        EmbeddedChannel clientChannel = new EmbeddedChannel(clientHandler);
        try {
            boolean moved = true;
            while (moved
                    && !(serverHandler.handshakeFuture().isDone()
                            && clientHandler.handshakeFuture().isDone())) {
                boolean toServer = transfer(clientChannel, serverChannel);
                boolean toClient = transfer(serverChannel, clientChannel);
                moved = toServer || toClient;
            }
            // Deliver the last alert, if any, so both sides have settled.
            transfer(clientChannel, serverChannel);
            transfer(serverChannel, clientChannel);
            return new Handshake(
                    serverHandler,
                    clientHandler,
                    serverHandler.handshakeFuture().cause(),
                    clientHandler.handshakeFuture().cause());
        } finally {
            serverChannel.finishAndReleaseAll();
            clientChannel.finishAndReleaseAll();
        }
    }

    /** Moves every outbound buffer of {@code from} into {@code to}; true if anything moved. */
    private static boolean transfer(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object message = from.readOutbound(); message != null; message = from.readOutbound()) {
            moved = true;
            try {
                to.writeInbound(message);
            } catch (Exception e) {
                // A failed handshake (or a channel closed by an alert) surfaces here as well as on the handshake
                // future; the future is what we check.
            }
        }
        return moved;
    }
}
