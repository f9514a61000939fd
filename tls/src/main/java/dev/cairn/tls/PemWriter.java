package dev.cairn.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * Writes certificates and PKCS#8 private keys as PEM files. Key files are created owner-only
 * ({@code 0600}) where the file system has POSIX permissions.
 *
 * <p>Stateless, thread-safe (concurrent writers of the same path race, as with any file).
 */
final class PemWriter {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PemWriter() {}

    static void writeCertificates(Path file, X509Certificate... certificates) throws IOException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(Pem.encode("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IOException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
            }
        }
        createParent(file);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        String text = Pem.encode(PrivateKeys.PKCS8, key.getEncoded());
        createParent(file);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && file.getFileSystem().equals(FileSystems.getDefault());
        if (posix) {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            } else {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
