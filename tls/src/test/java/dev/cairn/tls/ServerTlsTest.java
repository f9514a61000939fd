package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building contexts from files: success paths and every kind of bad input. */
class ServerTlsTest {
    @TempDir
    static Path dir;

    static Path caFile;
    static Path cert;
    static Path key;
    static Path otherKey;

    @BeforeAll
    static void mint() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("ca");
        caFile = dir.resolve("ca.crt");
        ca.writeCertificate(caFile);
        cert = dir.resolve("server.crt");
        key = dir.resolve("server.key");
        IssuedCert server = ca.issue("server", List.of("localhost"), true, false);
        server.writePem(cert, key);
        otherKey = dir.resolve("other.key");
        ca.issue("other", List.of(), true, false).writePem(dir.resolve("other.crt"), otherKey);
        Files.writeString(dir.resolve("server-sec1.key"), PemFilesTest.sec1Pem((ECPrivateKey) server.privateKey()));
        Files.writeString(dir.resolve("chain.crt"), Files.readString(cert) + Files.readString(caFile));
    }

    private static TlsConfig config(Path certFile, Path keyFile, @Nullable Path ca, boolean clientCertAuth) {
        return new TlsConfig(certFile, keyFile, ca, clientCertAuth, false, dir.resolve("auto"), List.of());
    }

    @Test
    void buildsServerContexts() throws Exception {
        SslContext mtls = ServerTls.serverContext(config(cert, key, caFile, true));
        assertThat(mtls.isServer()).isTrue();
        assertThat(mtls.applicationProtocolNegotiator().protocols()).containsExactly("h2");
        assertThat(ServerTls.serverContext(config(cert, dir.resolve("server-sec1.key"), null, false))
                        .isServer())
                .isTrue();
        assertThat(ServerTls.serverContext(config(dir.resolve("chain.crt"), key, null, false))
                        .isServer())
                .isTrue();
    }

    @Test
    void certificateFilesWinOverAutoTls() throws Exception {
        Path autoDir = dir.resolve("unused-auto");
        ServerTls.serverContext(new TlsConfig(cert, key, null, false, true, autoDir, List.of("localhost")));
        assertThat(autoDir).doesNotExist();
    }

    @Test
    void missingFilesAreNamed() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> ServerTls.serverContext(config(missing, key, null, false)))
                .isInstanceOf(TlsException.class)
                .hasMessage("--cert-file " + missing + ": no such file");
        assertThatThrownBy(() -> ServerTls.serverContext(config(cert, missing, null, false)))
                .isInstanceOf(TlsException.class)
                .hasMessage("--key-file " + missing + ": no such file");
        assertThatThrownBy(() -> ServerTls.serverContext(config(cert, key, missing, true)))
                .isInstanceOf(TlsException.class)
                .hasMessage("--trusted-ca-file " + missing + ": no such file");
    }

    @Test
    void keyThatDoesNotMatchTheCertificate() {
        assertThatThrownBy(() -> ServerTls.serverContext(config(cert, otherKey, null, false)))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("private key " + otherKey)
                .hasMessageContaining("does not match the certificate in " + cert);
    }

    @Test
    void garbageInsteadOfPem() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.write(garbage, new byte[] {0, 1, 2, (byte) 0xff, '-', '-'});
        assertThatThrownBy(() -> ServerTls.serverContext(config(garbage, key, null, false)))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("--cert-file " + garbage + ": not a PEM file");
        assertThatThrownBy(() -> ServerTls.serverContext(config(cert, garbage, null, false)))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("--key-file " + garbage + ": not a PEM file");
        assertThatThrownBy(() -> ServerTls.serverContext(config(cert, key, garbage, true)))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("--trusted-ca-file " + garbage + ": not a PEM file");
    }

    @Test
    void disabledConfigIsAProgrammingError() {
        assertThatThrownBy(() -> ServerTls.serverContext(TlsConfig.plaintext(dir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS is not enabled");
    }

    @Test
    void clientContextValidatesItsFilesToo() throws Exception {
        assertThat(ServerTls.clientContext(caFile, cert, key).isClient()).isTrue();
        assertThat(ServerTls.clientContext(null, null, null).isClient()).isTrue();
        assertThatThrownBy(() -> ServerTls.clientContext(caFile, cert, otherKey))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> ServerTls.clientContext(caFile, cert, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
