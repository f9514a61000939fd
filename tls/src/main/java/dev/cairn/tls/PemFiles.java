package dev.cairn.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads certificates and private keys from PEM files, turning every failure into a {@link
 * TlsException} that names the file and what is wrong with it.
 *
 * <p>Stateless, thread-safe.
 */
final class PemFiles {
    private PemFiles() {}

    /**
     * Every {@code CERTIFICATE} block of {@code file}, in file order (leaf first for a chain).
     *
     * @param what how the operator knows the file, e.g. {@code "--cert-file"}
     */
    static List<X509Certificate> readCertificates(Path file, String what) throws TlsException {
        List<Pem.Block> blocks = readBlocks(file, what);
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new TlsException("X.509 is not supported by this JDK", e);
        }
        for (Pem.Block block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException | RuntimeException e) {
                throw new TlsException(
                        what + " " + file + ": certificate #" + (certificates.size() + 1)
                                + " is not a valid X.509 certificate: " + e.getMessage(),
                        e);
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsException(what + " " + file + ": no PEM CERTIFICATE block found");
        }
        return List.copyOf(certificates);
    }

    /** The first private key block of {@code file} (PKCS#8, PKCS#1 RSA or SEC1 EC). */
    static PrivateKey readPrivateKey(Path file, String what) throws TlsException {
        for (Pem.Block block : readBlocks(file, what)) {
            switch (block.label()) {
                case PrivateKeys.PKCS8, PrivateKeys.PKCS1_RSA, PrivateKeys.SEC1_EC -> {
                    try {
                        return PrivateKeys.decode(block.label(), block.der());
                    } catch (RuntimeException e) {
                        throw new TlsException(what + " " + file + ": " + e.getMessage(), e);
                    }
                }
                case PrivateKeys.ENCRYPTED_PKCS8 ->
                    throw new TlsException(what + " " + file + ": encrypted private keys are not supported");
                default -> {
                    // e.g. "EC PARAMETERS" before the key, or a certificate in the same file
                }
            }
        }
        throw new TlsException(what + " " + file + ": no PEM private key block found (expected " + PrivateKeys.PKCS8
                + ", " + PrivateKeys.PKCS1_RSA + " or " + PrivateKeys.SEC1_EC + ")");
    }

    /** Fails unless {@code key} belongs to {@code certificate}. */
    static void checkKeyMatches(X509Certificate certificate, Path certFile, PrivateKey key, Path keyFile)
            throws TlsException {
        if (!PrivateKeys.matches(certificate.getPublicKey(), key)) {
            throw new TlsException("private key " + keyFile + " (" + key.getAlgorithm()
                    + ") does not match the certificate in " + certFile + " ("
                    + certificate.getPublicKey().getAlgorithm() + ", subject "
                    + certificate.getSubjectX500Principal().getName() + ")");
        }
    }

    private static List<Pem.Block> readBlocks(Path file, String what) throws TlsException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new TlsException(what + " " + file + ": is a directory, expected a PEM file");
            }
            // ISO-8859-1 maps every byte, so stray non-ASCII comments cannot fail the read.
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsException(what + " " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsException(what + " " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new TlsException(what + " " + file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            List<Pem.Block> blocks = Pem.decode(text);
            if (blocks.isEmpty()) {
                throw new TlsException(what + " " + file + ": not a PEM file (no -----BEGIN ...----- block)");
            }
            return blocks;
        } catch (IllegalArgumentException e) {
            throw new TlsException(what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
