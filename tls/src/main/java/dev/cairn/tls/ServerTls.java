package dev.cairn.tls;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Netty {@link SslContext}s for gRPC over TLS, backed by BoringSSL (netty-tcnative): TLS
 * 1.2 minimum, ALPN {@code h2}, and etcd's client-certificate rule (with client-cert-auth, a client
 * certificate is required and verified against the trusted CA; without it, none is requested).
 *
 * <p>Stateless, thread-safe. The returned contexts are thread-safe and may be shared by listeners.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    /** Enabled protocol versions, newest first. TLS 1.0 and 1.1 are refused, as in etcd. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private ServerTls() {}

    /** {@link #serverContext(TlsConfig, InstantSource)} with the system clock. */
    public static SslContext serverContext(TlsConfig config) throws TlsException {
        return serverContext(config, InstantSource.system());
    }

    /**
     * The server-side context for {@code config}, generating the auto-TLS certificate if needed.
     *
     * @param clock start of the validity period of a generated auto-TLS certificate
     * @throws IllegalArgumentException if {@code config} does not enable TLS
     * @throws TlsException if a file is missing or malformed, the key does not match the
     *     certificate, or BoringSSL is unavailable
     */
    public static SslContext serverContext(TlsConfig config, InstantSource clock) throws TlsException {
        if (!config.enabled()) {
            throw new IllegalArgumentException("TLS is not enabled: set --cert-file/--key-file or --auto-tls");
        }
        requireBoringSsl();
        Path certFile;
        Path keyFile;
        if (config.certFile() != null && config.keyFile() != null) {
            if (config.autoTls()) {
                log.warn("ignoring --auto-tls because --cert-file and --key-file are given");
            }
            certFile = config.certFile();
            keyFile = config.keyFile();
        } else {
            AutoTls.PemPair generated = AutoTls.ensure(config.autoTlsDir(), config.hosts(), clock);
            certFile = generated.certFile();
            keyFile = generated.keyFile();
        }
        List<X509Certificate> chain = PemFiles.readCertificates(certFile, "--cert-file");
        PrivateKey key = PemFiles.readPrivateKey(keyFile, "--key-file");
        PemFiles.checkKeyMatches(chain.get(0), certFile, key, keyFile);

        SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new));
        Path caFile = config.trustedCaFile();
        if (config.clientCertAuth() && caFile != null) {
            builder.trustManager(PemFiles.readCertificates(caFile, "--trusted-ca-file"))
                    .clientAuth(ClientAuth.REQUIRE);
        } else {
            builder.clientAuth(ClientAuth.NONE);
        }
        SslContext context = build(builder, "server");
        log.info(
                "client TLS: certificate {} (subject {}), client-cert-auth={}",
                certFile,
                chain.get(0).getSubjectX500Principal().getName(),
                config.clientCertAuth());
        return context;
    }

    /**
     * A client-side context, for tests and peer connections.
     *
     * @param caFile PEM CA certificates to verify the server against; null means the JDK's default
     *     trust store
     * @param certFile PEM client certificate to present, or null for none
     * @param keyFile its private key; given if and only if {@code certFile} is
     */
    public static SslContext clientContext(@Nullable Path caFile, @Nullable Path certFile, @Nullable Path keyFile)
            throws TlsException {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("client certificate and key must be given together");
        }
        requireBoringSsl();
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (caFile != null) {
            builder.trustManager(PemFiles.readCertificates(caFile, "CA file"));
        }
        if (certFile != null && keyFile != null) {
            List<X509Certificate> chain = PemFiles.readCertificates(certFile, "client certificate file");
            PrivateKey key = PemFiles.readPrivateKey(keyFile, "client key file");
            PemFiles.checkKeyMatches(chain.get(0), certFile, key, keyFile);
            builder.keyManager(key, chain.toArray(X509Certificate[]::new));
        }
        return build(builder, "client");
    }

    private static SslContext build(SslContextBuilder builder, String side) throws TlsException {
        try {
            return GrpcSslContexts.configure(builder, SslProvider.OPENSSL)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsException("cannot set up the TLS " + side + " context: " + e.getMessage(), e);
        }
    }

    private static void requireBoringSsl() throws TlsException {
        if (!OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            throw new TlsException(
                    "BoringSSL (netty-tcnative-boringssl-static) is not available on this platform: "
                            + (cause == null ? "unknown reason" : cause),
                    cause);
        }
    }
}
