package dev.cairn.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the {@code openssl} command line: an EC P-256 CA, a server
 * certificate for 127.0.0.1/localhost and a client certificate, all signed by the CA.
 *
 * <p>Thread-safe (immutable once created).
 */
record TlsMaterial(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    /** Creates the CA and both leaf certificates under {@code dir}. */
    static TlsMaterial create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.crt");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", caKey.toString());
        openssl(
                dir,
                "req",
                "-x509",
                "-new",
                "-key",
                caKey.toString(),
                "-sha256",
                "-days",
                "2",
                "-subj",
                "/CN=cairn-conformance-ca",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-out",
                caCert.toString());
        Path serverKey = dir.resolve("server.key");
        Path serverCert = dir.resolve("server.crt");
        leaf(dir, "server", "/CN=cairn-conformance-server", """
                subjectAltName=IP:127.0.0.1,DNS:localhost
                extendedKeyUsage=serverAuth,clientAuth
                keyUsage=critical,digitalSignature,keyEncipherment
                """, caKey, caCert, serverKey, serverCert);
        Path clientKey = dir.resolve("client.key");
        Path clientCert = dir.resolve("client.crt");
        leaf(
                dir,
                "client",
                "/CN=conformance-client",
                "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n",
                caKey,
                caCert,
                clientKey,
                clientCert);
        return new TlsMaterial(caCert, serverCert, serverKey, clientCert, clientKey);
    }

    private static void leaf(
            Path dir, String name, String subject, String extensions, Path caKey, Path caCert, Path key, Path cert)
            throws IOException, InterruptedException {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions, UTF_8);
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        openssl(dir, "req", "-new", "-key", key.toString(), "-subj", subject, "-out", csr.toString());
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caCert.toString(),
                "-CAkey",
                caKey.toString(),
                "-CAcreateserial",
                "-sha256",
                "-days",
                "2",
                "-extfile",
                ext.toString(),
                "-out",
                cert.toString());
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl timed out: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException("openssl failed (" + p.exitValue() + "): " + cmd + "\n" + Files.readString(log));
        }
    }

    /** Server flags that turn on TLS with mandatory, verified client certificates. */
    List<String> serverFlags() {
        return List.of(
                "--cert-file",
                serverCert.toString(),
                "--key-file",
                serverKey.toString(),
                "--trusted-ca-file",
                caCert.toString(),
                "--client-cert-auth");
    }

    /** etcdctl flags for a client that presents the client certificate. */
    List<String> etcdctlFlags() {
        return List.of("--cacert=" + caCert, "--cert=" + clientCert, "--key=" + clientKey);
    }
}
