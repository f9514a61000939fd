package dev.cairn.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --auto-tls}: makes sure a self-signed certificate and key exist in a directory, generating
 * them on first use and reusing them afterwards (as etcd does under {@code
 * <data-dir>/fixtures/client}). An existing pair is reused as is, even if it has expired or lists
 * other hosts.
 *
 * <p>Stateless, thread-safe; two processes sharing one directory may both generate, and the last
 * writer wins.
 */
final class AutoTls {
    private static final Logger log = LoggerFactory.getLogger(AutoTls.class);
    private static final String COMMON_NAME = "cairn auto-tls";

    private AutoTls() {}

    /** Paths of the certificate and key to serve. */
    record PemPair(Path certFile, Path keyFile) {}

    static PemPair ensure(Path dir, List<String> hosts, InstantSource clock) throws TlsException {
        Path certFile = dir.resolve(TlsConfig.AUTO_CERT_FILE);
        Path keyFile = dir.resolve(TlsConfig.AUTO_KEY_FILE);
        if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
            log.info("auto-tls: reusing {} and {}", certFile, keyFile);
            return new PemPair(certFile, keyFile);
        }
        IssuedCert cert = CertificateAuthority.selfSigned(COMMON_NAME, hosts, clock);
        try {
            cert.writePem(certFile, keyFile);
        } catch (IOException e) {
            throw new TlsException("auto-tls: cannot write " + certFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
        log.info(
                "auto-tls: generated self-signed certificate {} for hosts {}, valid until {}",
                certFile,
                Hosts.normalize(hosts),
                cert.certificate().getNotAfter().toInstant());
        return new PemPair(certFile, keyFile);
    }
}
