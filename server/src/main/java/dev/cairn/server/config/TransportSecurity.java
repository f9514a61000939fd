package dev.cairn.server.config;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings of one listener kind (client or peer), as etcd's {@code client-transport-security}
 * YAML block and the matching flags. Immutable.
 *
 * @param certFile server certificate (PEM), or null
 * @param keyFile server key (PEM), or null
 * @param trustedCaFile CA bundle for client certificates, or null
 * @param clientCertAuth require and verify client certificates
 * @param autoTls generate a self-signed certificate when no files are given
 */
public record TransportSecurity(
        @Nullable String certFile,
        @Nullable String keyFile,
        @Nullable String trustedCaFile,
        boolean clientCertAuth,
        boolean autoTls) {

    /** No TLS configured. */
    public static final TransportSecurity NONE = new TransportSecurity(null, null, null, false, false);

    public TransportSecurity {
        certFile = blankToNull(certFile);
        keyFile = blankToNull(keyFile);
        trustedCaFile = blankToNull(trustedCaFile);
    }

    /** True when neither a certificate nor a key file is given (etcd's TLSInfo.Empty). */
    public boolean noCertificate() {
        return certFile == null && keyFile == null;
    }

    /** The CA file, if any. */
    public Optional<String> trustedCa() {
        return Optional.ofNullable(trustedCaFile);
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
