package dev.cairn.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate and its private key, as minted by {@link CertificateAuthority}.
 *
 * <p>Immutable, thread-safe.
 *
 * @param certificate the certificate
 * @param privateKey its private key (ECDSA P-256)
 */
public record IssuedCert(X509Certificate certificate, PrivateKey privateKey) {
    public IssuedCert {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Writes the certificate to {@code certFile} and the key (PKCS#8, mode 0600 where supported)
     * to {@code keyFile}, creating parent directories and replacing existing files.
     */
    public void writePem(Path certFile, Path keyFile) throws IOException {
        PemWriter.writePrivateKey(keyFile, privateKey);
        PemWriter.writeCertificates(certFile, certificate);
    }
}
