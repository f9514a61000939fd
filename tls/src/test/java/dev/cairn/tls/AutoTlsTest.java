package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --auto-tls}: generation into the directory, the certificate's contents, and reuse. Single-threaded, like all JUnit tests here. */
class AutoTlsTest {
    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-27T12:00:00.5Z"));

    @TempDir
    Path dataDir;

    @Test
    void generatesASelfSignedCertificateForTheHosts() throws Exception {
        Path dir = dataDir.resolve("fixtures/client");
        AutoTls.PemPair paths =
                AutoTls.ensure(dir, List.of("localhost", "127.0.0.1", "https://10.0.0.7:2379", "etcd-0.local"), CLOCK);

        assertThat(paths.certFile()).isEqualTo(dir.resolve("cert.pem"));
        assertThat(paths.keyFile()).isEqualTo(dir.resolve("key.pem"));
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(paths.certFile())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        cert.verify(cert.getPublicKey());
        assertThat(cert.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "localhost"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "10.0.0.7"),
                        List.of(2, "etcd-0.local"));
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(Instant.parse("2027-11-27T12:00:00Z"));
        assertThat(cert.getKeyUsage()).startsWith(true, false, true);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getPublicKey().toString()).contains("secp256r1");
        PemFiles.checkKeyMatches(
                cert, paths.certFile(), PemFiles.readPrivateKey(paths.keyFile(), "key"), paths.keyFile());
    }

    @Test
    void reusesAnExistingPair() throws Exception {
        AutoTls.PemPair first = AutoTls.ensure(dataDir, List.of("localhost"), CLOCK);
        byte[] cert = Files.readAllBytes(first.certFile());
        byte[] key = Files.readAllBytes(first.keyFile());

        AutoTls.PemPair second = AutoTls.ensure(dataDir, List.of("other-host"), CLOCK);

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(second.certFile())).isEqualTo(cert);
        assertThat(Files.readAllBytes(second.keyFile())).isEqualTo(key);
    }

    @Test
    void regeneratesWhenHalfOfThePairIsMissing() throws Exception {
        AutoTls.PemPair first = AutoTls.ensure(dataDir, List.of("localhost"), CLOCK);
        byte[] cert = Files.readAllBytes(first.certFile());
        Files.delete(first.keyFile());

        AutoTls.PemPair second = AutoTls.ensure(dataDir, List.of("localhost"), CLOCK);

        assertThat(Files.readAllBytes(second.certFile())).isNotEqualTo(cert);
        assertThat(Files.exists(second.keyFile())).isTrue();
    }

    @Test
    void serverContextWithAutoTlsWritesIntoTheDirectoryAndReusesIt() throws Exception {
        Path dir = dataDir.resolve("fixtures/client");
        TlsConfig config = new TlsConfig(null, null, null, false, true, dir, List.of("localhost"));
        ServerTls.serverContext(config, CLOCK);
        byte[] cert = Files.readAllBytes(dir.resolve(TlsConfig.AUTO_CERT_FILE));
        ServerTls.serverContext(config, CLOCK);
        assertThat(Files.readAllBytes(dir.resolve(TlsConfig.AUTO_CERT_FILE))).isEqualTo(cert);
    }
}
