package dev.cairn.tls;

import dev.cairn.tls.DerReader.MalformedDerException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds and signs X.509 v3 certificates (RFC 5280) with ECDSA P-256 / SHA-256, encoding the
 * DER by hand with {@link Der}.
 *
 * <p>Stateless, thread-safe.
 */
final class CertificateBuilder {
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    // KeyUsage bit numbers (RFC 5280 4.2.1.3)
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private CertificateBuilder() {}

    /** What goes into one certificate. {@code hosts} become DNS or IP subject alternative names. */
    record Spec(
            String commonName,
            @Nullable String organization,
            List<String> hosts,
            boolean ca,
            boolean serverAuth,
            boolean clientAuth,
            Instant notBefore,
            Instant notAfter,
            BigInteger serial) {
        Spec {
            hosts = Hosts.normalize(hosts);
            if (!notAfter.isAfter(notBefore)) {
                throw new IllegalArgumentException("notAfter must be after notBefore");
            }
            if (serial.signum() <= 0) {
                throw new IllegalArgumentException("serial must be positive");
            }
        }
    }

    /** The issuing side: its encoded subject name and key pair. */
    record Issuer(Name name, KeyPair keys) {}

    /** A DER-encoded X.501 Name, kept as text parts so the record stays value-comparable. */
    record Name(String commonName, @Nullable String organization) {
        byte[] encoded() {
            List<byte[]> rdns = new ArrayList<>();
            if (organization != null) {
                rdns.add(Der.set(Der.sequence(Der.oid(ORGANIZATION), Der.utf8String(organization))));
            }
            rdns.add(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
            return Der.sequence(rdns.toArray(byte[][]::new));
        }
    }

    static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate ECDSA P-256 keys", e);
        }
    }

    static BigInteger newSerial(SecureRandom random) {
        BigInteger serial = new BigInteger(128, random);
        return serial.signum() == 0 ? BigInteger.ONE : serial;
    }

    /** Builds the certificate for {@code subjectKey} described by {@code spec}, signed by {@code issuer}. */
    static X509Certificate sign(Spec spec, PublicKey subjectKey, Issuer issuer) {
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)), // version v3
                Der.integer(spec.serial()),
                algorithm,
                issuer.name().encoded(),
                Der.sequence(Der.time(spec.notBefore()), Der.time(spec.notAfter())),
                new Name(spec.commonName(), spec.organization()).encoded(),
                subjectKey.getEncoded(), // already a DER SubjectPublicKeyInfo
                Der.explicit(3, extensions(spec, subjectKey, issuer.keys().getPublic())));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(issuer.keys().getPrivate());
            signer.update(tbs);
            byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign(), 0));
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign certificate for " + spec.commonName(), e);
        }
    }

    private static byte[] extensions(Spec spec, PublicKey subjectKey, PublicKey issuerKey) {
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension(BASIC_CONSTRAINTS, true, spec.ca() ? Der.sequence(Der.bool(true)) : Der.sequence()));
        extensions.add(extension(
                KEY_USAGE,
                true,
                spec.ca()
                        ? Der.namedBits(DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN)
                        : Der.namedBits(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT)));
        List<byte[]> purposes = new ArrayList<>();
        if (spec.serverAuth()) {
            purposes.add(Der.oid(SERVER_AUTH));
        }
        if (spec.clientAuth()) {
            purposes.add(Der.oid(CLIENT_AUTH));
        }
        if (!purposes.isEmpty()) {
            extensions.add(extension(EXT_KEY_USAGE, false, Der.sequence(purposes.toArray(byte[][]::new))));
        }
        extensions.add(extension(SUBJECT_KEY_ID, false, Der.octetString(keyId(subjectKey))));
        extensions.add(extension(AUTHORITY_KEY_ID, false, Der.sequence(Der.implicitPrimitive(0, keyId(issuerKey)))));
        if (!spec.hosts().isEmpty()) {
            extensions.add(extension(SUBJECT_ALT_NAME, false, subjectAltNames(spec.hosts())));
        }
        return Der.sequence(extensions.toArray(byte[][]::new));
    }

    private static byte[] subjectAltNames(List<String> hosts) {
        List<byte[]> names = new ArrayList<>();
        for (String host : hosts) {
            byte[] ip = Hosts.ipAddress(host);
            names.add(
                    ip != null
                            ? Der.implicitPrimitive(7, ip) // iPAddress
                            : Der.implicitPrimitive(2, host.getBytes(StandardCharsets.US_ASCII))); // dNSName
        }
        return Der.sequence(names.toArray(byte[][]::new));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
    private static byte[] keyId(PublicKey key) {
        try {
            List<DerReader> spki = DerReader.parse(key.getEncoded()).children();
            byte[] bits = spki.get(1).value();
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(bits, 1, bits.length - 1); // skip the unused-bits byte
            return sha1.digest();
        } catch (MalformedDerException | GeneralSecurityException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("cannot read public key " + key.getAlgorithm(), e);
        }
    }
}
