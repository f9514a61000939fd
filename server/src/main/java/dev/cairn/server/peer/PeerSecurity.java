package dev.cairn.server.peer;

import dev.cairn.server.config.EtcdUrl;
import dev.cairn.server.config.ServerConfig;
import dev.cairn.server.config.TransportSecurity;
import dev.cairn.tls.ServerTls;
import dev.cairn.tls.TlsConfig;
import dev.cairn.tls.TlsException;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --peer-*} TLS settings, for the peer listeners and for the connections this member
 * opens to the others. Immutable, thread-safe.
 *
 * <ul>
 *   <li>Listener: the certificate of {@code tls} (or a generated one with {@code --peer-auto-tls});
 *       with {@code --peer-client-cert-auth}, client certificates are required and verified
 *       against {@code --peer-trusted-ca-file}; with {@code --peer-cert-allowed-cn}, a client whose
 *       certificate's common name differs is refused.
 *   <li>Outbound: servers are verified against {@code --peer-trusted-ca-file} (the JDK's trust
 *       store when none is given) and the peer certificate is presented as client certificate.
 *       With auto-TLS and no certificate files, peers do not verify each other, as etcd.
 * </ul>
 *
 * @param tls certificate, key, CA, client-cert-auth and auto-TLS, as for the client listeners
 * @param allowedCn {@code --peer-cert-allowed-cn}, or null; enforced only with client-cert-auth
 *     (without it no client certificate is asked for)
 */
public record PeerSecurity(TlsConfig tls, @Nullable String allowedCn) {

    public PeerSecurity {
        Objects.requireNonNull(tls, "tls");
        allowedCn = allowedCn == null || allowedCn.isEmpty() ? null : allowedCn;
    }

    /** No TLS: only {@code http://} peer URLs work. */
    public static PeerSecurity plaintext() {
        return new PeerSecurity(TlsConfig.plaintext(Path.of("fixtures", "peer")), null);
    }

    /**
     * The peer settings of {@code config}. Auto-TLS keeps its certificate in {@code
     * <data-dir>/fixtures/peer}, for the hosts of the {@code --listen-peer-urls}; when it is used
     * (no certificate files), client-cert-auth is off, as etcd replaces the peer TLS settings by
     * the self-signed ones.
     *
     * @throws IllegalArgumentException if client-cert-auth is on without a trusted CA file, or only
     *     one of certificate and key is given
     */
    public static PeerSecurity from(ServerConfig config) {
        TransportSecurity sec = config.peerSecurity();
        List<String> hosts = new ArrayList<>();
        for (EtcdUrl url : config.cluster().listenPeerUrls()) {
            hosts.add(url.host());
        }
        boolean selfSigned = sec.autoTls() && sec.noCertificate();
        TlsConfig tls = new TlsConfig(
                path(sec.certFile()),
                path(sec.keyFile()),
                path(sec.trustedCaFile()),
                sec.clientCertAuth() && !selfSigned,
                sec.autoTls(),
                config.dataDir().resolve("fixtures").resolve("peer"),
                hosts);
        return new PeerSecurity(tls, config.settings().get("peer-cert-allowed-cn"));
    }

    /** The listener's TLS context, generating the auto-TLS certificate if needed. */
    SslContext serverContext(InstantSource clock) throws TlsException {
        return ServerTls.serverContext(tls, clock);
    }

    /** The TLS context of outbound connections to {@code https://} peer URLs. */
    SslContext clientContext() throws TlsException {
        Path cert = tls.certFile();
        Path key = tls.keyFile();
        if (cert != null && key != null) {
            return ServerTls.clientContext(tls.trustedCaFile(), cert, key);
        }
        if (tls.autoTls()) {
            return insecureClientContext();
        }
        return ServerTls.clientContext(tls.trustedCaFile(), null, null);
    }

    /** Auto-TLS: trusts any server certificate and presents the generated one, if it exists yet. */
    private SslContext insecureClientContext() throws TlsException {
        SslContextBuilder builder = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE);
        Path cert = tls.autoTlsDir().resolve(TlsConfig.AUTO_CERT_FILE);
        Path key = tls.autoTlsDir().resolve(TlsConfig.AUTO_KEY_FILE);
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            builder.keyManager(cert.toFile(), key.toFile());
        }
        try {
            return GrpcSslContexts.configure(builder, SslProvider.OPENSSL)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsException("cannot set up the peer TLS client context: " + e.getMessage(), e);
        }
    }

    private static @Nullable Path path(@Nullable String file) {
        return file == null ? null : Path.of(file);
    }
}
