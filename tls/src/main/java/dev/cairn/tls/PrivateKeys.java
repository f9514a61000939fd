package dev.cairn.tls;

import dev.cairn.tls.DerReader.MalformedDerException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes private keys from the three PEM forms OpenSSL and cfssl write: PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE
 * KEY}); the last two are rewrapped as PKCS#8 so the JDK can read them. Also checks that a key
 * belongs to a certificate.
 *
 * <p>Stateless, thread-safe.
 */
final class PrivateKeys {
    static final String PKCS8 = "PRIVATE KEY";
    static final String PKCS1_RSA = "RSA PRIVATE KEY";
    static final String SEC1_EC = "EC PRIVATE KEY";
    static final String ENCRYPTED_PKCS8 = "ENCRYPTED PRIVATE KEY";

    static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

    private static final Map<String, String> ALGORITHMS = Map.of(
            RSA_ENCRYPTION,
            "RSA",
            RSASSA_PSS,
            "RSASSA-PSS",
            EC_PUBLIC_KEY,
            "EC",
            "1.3.101.112",
            "Ed25519",
            "1.3.101.113",
            "Ed448");

    private static final byte[] CHALLENGE = "cairn key/certificate match check".getBytes(StandardCharsets.US_ASCII);

    private PrivateKeys() {}

    /**
     * Decodes a key block.
     *
     * @throws IllegalArgumentException with a human-readable reason
     */
    static PrivateKey decode(String label, byte[] der) {
        try {
            return switch (label) {
                case PKCS8 -> decodePkcs8(der);
                case PKCS1_RSA -> decodePkcs8(wrap(RSA_ENCRYPTION, Der.nul(), der));
                case SEC1_EC -> decodePkcs8(wrap(EC_PUBLIC_KEY, Der.oid(sec1Curve(der)), der));
                default -> throw new IllegalArgumentException("unsupported PEM block " + label);
            };
        } catch (MalformedDerException e) {
            throw new IllegalArgumentException(label + " is not valid DER: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(label + " could not be decoded: " + e.getMessage(), e);
        }
    }

    /** True if {@code key} is the private half of {@code publicKey}; checked by signing a challenge. */
    static boolean matches(PublicKey publicKey, PrivateKey key) {
        String algorithm = signatureAlgorithm(key.getAlgorithm());
        if (algorithm == null) {
            return publicKey.getAlgorithm().equals(key.getAlgorithm());
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(CHALLENGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // wrong key type or curve for this certificate
        }
    }

    private static @Nullable String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
    }

    private static PrivateKey decodePkcs8(byte[] der) throws MalformedDerException, GeneralSecurityException {
        List<DerReader> fields = DerReader.parse(der).children();
        if (fields.size() < 3 || fields.get(1).tag() != Der.SEQUENCE) {
            throw new MalformedDerException("not a PKCS#8 PrivateKeyInfo");
        }
        List<DerReader> algorithmId = fields.get(1).children();
        if (algorithmId.isEmpty()) {
            throw new MalformedDerException("empty AlgorithmIdentifier");
        }
        String oid = algorithmId.get(0).oid();
        String algorithm = ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported private key algorithm " + oid);
        }
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING privateKey }. */
    private static byte[] wrap(String algorithmOid, byte[] parameters, byte[] innerKey) {
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid(algorithmOid), parameters), Der.octetString(innerKey));
    }

    /** The named curve of a SEC1 ECPrivateKey, from its {@code [0] parameters} field. */
    private static String sec1Curve(byte[] der) throws MalformedDerException {
        for (DerReader field : DerReader.parse(der).children()) {
            if (field.tag() == 0xa0) {
                List<DerReader> parameters = field.children();
                if (parameters.size() == 1 && parameters.get(0).tag() == Der.OID) {
                    return parameters.get(0).oid();
                }
                throw new MalformedDerException("EC key parameters are not a named curve");
            }
        }
        throw new MalformedDerException("EC PRIVATE KEY has no curve parameters; convert it to PKCS#8");
    }
}
