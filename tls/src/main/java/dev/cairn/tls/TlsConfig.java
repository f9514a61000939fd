package dev.cairn.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings of the client listener, one field per etcd flag.
 *
 * <p>Immutable, thread-safe.
 *
 * @param certFile {@code --cert-file}: PEM server certificate (chain), leaf first
 * @param keyFile {@code --key-file}: PEM private key of the certificate
 * @param trustedCaFile {@code --trusted-ca-file}: PEM CA certificates that sign client certificates
 * @param clientCertAuth {@code --client-cert-auth}: require and verify client certificates
 * @param autoTls {@code --auto-tls}: serve a generated self-signed certificate when no cert file is
 *     given
 * @param autoTlsDir where auto-TLS keeps {@code cert.pem} and {@code key.pem}; etcd uses
 *     {@code <data-dir>/fixtures/client}
 * @param hosts host names and IP literals (or listen URLs) for the auto-TLS certificate's
 *     subject alternative names
 */
public record TlsConfig(
        @Nullable Path certFile,
        @Nullable Path keyFile,
        @Nullable Path trustedCaFile,
        boolean clientCertAuth,
        boolean autoTls,
        Path autoTlsDir,
        List<String> hosts) {

    /** The file name of the auto-TLS certificate inside {@link #autoTlsDir}. */
    public static final String AUTO_CERT_FILE = "cert.pem";

    /** The file name of the auto-TLS private key inside {@link #autoTlsDir}. */
    public static final String AUTO_KEY_FILE = "key.pem";

    /**
     * @throws IllegalArgumentException if only one of cert and key file is given, or if client
     *     certificate auth is on without a trusted CA file
     */
    public TlsConfig {
        Objects.requireNonNull(autoTlsDir, "autoTlsDir");
        hosts = List.copyOf(hosts);
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException(
                    certFile == null
                            ? "--key-file is set but --cert-file is not; give both or neither"
                            : "--cert-file is set but --key-file is not; give both or neither");
        }
        if (clientCertAuth && trustedCaFile == null) {
            throw new IllegalArgumentException(
                    "--client-cert-auth requires --trusted-ca-file: client certificates need a CA to verify against");
        }
    }

    /** Plain TCP: no TLS flags set. */
    public static TlsConfig plaintext(Path autoTlsDir) {
        return new TlsConfig(null, null, null, false, false, autoTlsDir, List.of());
    }

    /** Whether the listener speaks TLS: a certificate is given or auto-TLS is on. */
    public boolean enabled() {
        return certFile != null || autoTls;
    }

    /** Whether a generated certificate will be served (auto-TLS on and no certificate given). */
    public boolean usesAutoTls() {
        return autoTls && certFile == null;
    }
}
