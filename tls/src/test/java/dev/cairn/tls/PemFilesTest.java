package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PEM loading: every supported key form, and a clear {@link TlsException} for every kind of bad file. Single-threaded, like all JUnit tests here. */
class PemFilesTest {
    static final CertificateAuthority CA = CertificateAuthority.create("pem-test-ca");
    static final IssuedCert SERVER = CA.issue("server", List.of("localhost"), true, false);

    @TempDir
    static Path dir;

    static String certPem;
    static String keyPem;

    @BeforeAll
    static void writeFiles() throws Exception {
        SERVER.writePem(dir.resolve("server.crt"), dir.resolve("server.key"));
        certPem = Files.readString(dir.resolve("server.crt"));
        keyPem = Files.readString(dir.resolve("server.key"));
    }

    static Stream<Arguments> badCertificateFiles() {
        return Stream.of(
                Arguments.of("empty", "", "not a PEM file"),
                Arguments.of("garbage", "hello world\n", "not a PEM file"),
                Arguments.of("only a key", keyPem, "no PEM CERTIFICATE block"),
                Arguments.of(
                        "bad base64",
                        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                        "not valid base64"),
                Arguments.of(
                        "not DER",
                        "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n",
                        "certificate #1 is not a valid X.509 certificate"),
                Arguments.of(
                        "mismatched labels",
                        "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END PRIVATE KEY-----\n",
                        "is closed by END PRIVATE KEY"),
                Arguments.of("truncated", certPem.substring(0, certPem.length() / 2), "unterminated PEM block"),
                Arguments.of("second cert broken", certPem + certPem.replace("MII", "MIA"), "certificate #2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCertificateFiles")
    void badCertificateFileGivesAClearError(String name, String content, String expected) throws Exception {
        Path file = dir.resolve("bad-" + name.replace(' ', '-') + ".crt");
        Files.writeString(file, content);
        assertThatThrownBy(() -> PemFiles.readCertificates(file, "--cert-file"))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("--cert-file " + file + ": ")
                .hasMessageContaining(expected);
    }

    static Stream<Arguments> badKeyFiles() {
        return Stream.of(
                Arguments.of("empty", "", "not a PEM file"),
                Arguments.of("only a certificate", certPem, "no PEM private key block found"),
                Arguments.of(
                        "not DER",
                        "-----BEGIN PRIVATE KEY-----\naGVsbG8=\n-----END PRIVATE KEY-----\n",
                        "PRIVATE KEY is not valid DER"),
                Arguments.of(
                        "encrypted pkcs8",
                        "-----BEGIN ENCRYPTED PRIVATE KEY-----\naGVsbG8=\n-----END ENCRYPTED PRIVATE KEY-----\n",
                        "encrypted private keys are not supported"),
                Arguments.of(
                        "legacy encrypted",
                        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\naGVsbG8=\n-----END RSA PRIVATE KEY-----\n",
                        "encrypted keys are not supported"),
                Arguments.of(
                        "ec without curve",
                        pem("EC PRIVATE KEY", Der.sequence(Der.integer(1), Der.octetString(new byte[32]))),
                        "has no curve parameters"),
                Arguments.of(
                        "unknown algorithm",
                        pem(
                                "PRIVATE KEY",
                                Der.sequence(
                                        Der.integer(0),
                                        Der.sequence(Der.oid("1.2.3.4")),
                                        Der.octetString(new byte[4]))),
                        "unsupported private key algorithm 1.2.3.4"),
                Arguments.of(
                        "rsa garbage",
                        pem("RSA PRIVATE KEY", Der.sequence(Der.integer(0))),
                        "RSA PRIVATE KEY could not be decoded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeyFiles")
    void badKeyFileGivesAClearError(String name, String content, String expected) throws Exception {
        Path file = dir.resolve("bad-" + name.replace(' ', '-') + ".key");
        Files.writeString(file, content);
        assertThatThrownBy(() -> PemFiles.readPrivateKey(file, "--key-file"))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith("--key-file " + file + ": ")
                .hasMessageContaining(expected);
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> PemFiles.readCertificates(missing, "--trusted-ca-file"))
                .isInstanceOf(TlsException.class)
                .hasMessage("--trusted-ca-file " + missing + ": no such file");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(dir, "--key-file"))
                .isInstanceOf(TlsException.class)
                .hasMessage("--key-file " + dir + ": is a directory, expected a PEM file");
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        byte[] pkcs1 =
                DerReader.parse(rsa.getPrivate().getEncoded()).children().get(2).value();
        Path file = dir.resolve("rsa.key");
        Files.writeString(file, pem("RSA PRIVATE KEY", pkcs1));

        PrivateKey key = PemFiles.readPrivateKey(file, "--key-file");
        assertThat(key).isEqualTo(rsa.getPrivate());
        assertThat(PrivateKeys.matches(rsa.getPublic(), key)).isTrue();
        assertThat(PrivateKeys.matches(SERVER.certificate().getPublicKey(), key))
                .isFalse();
    }

    @Test
    void readsSec1EcKeysAfterEcParameters() throws Exception {
        Path file = dir.resolve("sec1.key");
        Files.writeString(file, sec1Pem((ECPrivateKey) SERVER.privateKey()));

        PrivateKey key = PemFiles.readPrivateKey(file, "--key-file");
        assertThat(((ECPrivateKey) key).getS()).isEqualTo(((ECPrivateKey) SERVER.privateKey()).getS());
        PemFiles.checkKeyMatches(SERVER.certificate(), dir.resolve("server.crt"), key, file);
    }

    @Test
    void keyOfAnotherCertificateDoesNotMatch() {
        PrivateKey other = CA.issue("other", List.of(), true, false).privateKey();
        Path certFile = dir.resolve("server.crt");
        Path keyFile = dir.resolve("other.key");
        assertThatThrownBy(() -> PemFiles.checkKeyMatches(SERVER.certificate(), certFile, other, keyFile))
                .isInstanceOf(TlsException.class)
                .hasMessage("private key " + keyFile + " (EC) does not match the certificate in " + certFile
                        + " (EC, subject CN=server)");
    }

    /** An "EC PARAMETERS" block followed by a SEC1 "EC PRIVATE KEY", as {@code openssl ecparam -genkey} writes. */
    static String sec1Pem(ECPrivateKey key) {
        byte[] s = key.getS().toByteArray();
        byte[] fixed = new byte[32];
        System.arraycopy(s, Math.max(0, s.length - 32), fixed, Math.max(0, 32 - s.length), Math.min(32, s.length));
        byte[] curve = Der.oid("1.2.840.10045.3.1.7");
        return pem("EC PARAMETERS", curve)
                + pem(
                        "EC PRIVATE KEY",
                        Der.sequence(Der.integer(BigInteger.ONE), Der.octetString(fixed), Der.explicit(0, curve)));
    }

    static String pem(String label, byte[] der) {
        return Pem.encode(label, Arrays.copyOf(der, der.length));
    }
}
