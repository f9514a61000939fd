package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates minted by {@link CertificateAuthority}, checked with the JDK's X.509 parser and PKIX validator at fixed dates. Single-threaded, like all JUnit tests here. */
class CertificateAuthorityTest {
    static final Instant NOW = Instant.parse("2026-03-04T05:06:07.890Z");
    static final InstantSource CLOCK = InstantSource.fixed(NOW);
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    final CertificateAuthority ca = CertificateAuthority.create("test-ca", CLOCK);

    @Test
    void authorityCertificateIsASelfSignedCa() throws Exception {
        X509Certificate cert = ca.certificate();
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=test-ca,O=cairn");
        assertThat(cert.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, false, true, true);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
        assertThat(cert.getNotAfter().toInstant())
                .isEqualTo(Instant.parse("2026-03-04T05:06:07Z").plus(CertificateAuthority.CA_VALIDITY));
        cert.verify(cert.getPublicKey());
    }

    @Test
    void issuedServerAndClientCertificateHasSansUsagesAndValidity() throws Exception {
        IssuedCert issued =
                ca.issue("node-1", List.of("localhost", "127.0.0.1", "::1", "node-1.example.com"), true, true);
        X509Certificate cert = issued.certificate();
        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node-1");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()).startsWith(true, false, true, false, false, false, false);
        assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(cert.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "localhost"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1"),
                        List.of(2, "node-1.example.com"));
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(Duration.between(
                        cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(365));
        assertThat(PrivateKeys.matches(cert.getPublicKey(), issued.privateKey()))
                .isTrue();
        assertThat(PrivateKeys.matches(cert.getPublicKey(), ca.privateKey())).isFalse();
    }

    @Test
    void usagesFollowTheFlags() throws Exception {
        assertThat(ca.issue("s", List.of("localhost"), true, false)
                        .certificate()
                        .getExtendedKeyUsage())
                .containsExactly(SERVER_AUTH);
        X509Certificate client = ca.issue("alice", List.of(), false, true).certificate();
        assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.getSubjectAlternativeNames()).isNull();
        assertThat(ca.issue("neither", List.of(), false, false).certificate().getExtendedKeyUsage())
                .isNull();
    }

    @Test
    void serialNumbersDiffer() {
        assertThat(ca.issue("a", List.of(), true, false).certificate().getSerialNumber())
                .isNotEqualTo(
                        ca.issue("a", List.of(), true, false).certificate().getSerialNumber());
    }

    @Test
    void pkixValidatesTheChainInsideTheValidityPeriodOnly() throws Exception {
        X509Certificate leaf =
                ca.issue("server", List.of("localhost"), true, false).certificate();
        validate(leaf, NOW.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> validate(leaf, NOW.plus(Duration.ofDays(366))))
                .isInstanceOf(CertPathValidatorException.class);
        X509Certificate foreign = CertificateAuthority.create("other", CLOCK)
                .issue("server", List.of("localhost"), true, false)
                .certificate();
        assertThatThrownBy(() -> validate(foreign, NOW.plus(Duration.ofDays(1))))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void selfSignedLeafForAutoTls() throws Exception {
        IssuedCert self = CertificateAuthority.selfSigned("auto", List.of("localhost", "10.1.2.3"), CLOCK);
        X509Certificate cert = self.certificate();
        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"), List.of(7, "10.1.2.3"));
    }

    @Test
    void writePemRoundTripsThroughPemFiles(@TempDir Path dir) throws Exception {
        IssuedCert issued = ca.issue("server", List.of("localhost"), true, false);
        Path certFile = dir.resolve("sub/server.crt");
        Path keyFile = dir.resolve("sub/server.key");
        issued.writePem(certFile, keyFile);
        ca.writeCertificate(dir.resolve("ca.crt"));

        assertThat(PemFiles.readCertificates(certFile, "cert")).containsExactly(issued.certificate());
        assertThat(PemFiles.readPrivateKey(keyFile, "key")).isEqualTo(issued.privateKey());
        assertThat(PemFiles.readCertificates(dir.resolve("ca.crt"), "ca")).containsExactly(ca.certificate());
        assertThat(Files.readString(certFile))
                .startsWith("-----BEGIN CERTIFICATE-----\n")
                .endsWith("-----END CERTIFICATE-----\n");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                    .isEqualTo("rw-------");
        }
    }

    private void validate(X509Certificate leaf, Instant at) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }
}
