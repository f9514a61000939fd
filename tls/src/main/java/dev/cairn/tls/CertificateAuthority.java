package dev.cairn.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A self-signed certificate authority (ECDSA P-256) that issues server and client certificates,
 * for tests and for {@code --auto-tls}. Nothing here is meant for a production PKI: keys live in
 * memory and certificates cannot be revoked.
 *
 * <p>Validity dates come from the {@link InstantSource} given at creation. Keys and serial numbers
 * come from a {@link SecureRandom}; key material is deliberately never derived from a seed.
 *
 * <p>Immutable, thread-safe.
 */
public final class CertificateAuthority {
    /** How long issued certificates are valid: one year, like etcd's self-signed certificates. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    /** How long the authority's own certificate is valid. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);

    private static final String ORGANIZATION = "cairn";

    private final CertificateBuilder.Issuer issuer;
    private final X509Certificate certificate;
    private final InstantSource clock;
    private final SecureRandom random;

    private CertificateAuthority(
            CertificateBuilder.Issuer issuer, X509Certificate certificate, InstantSource clock, SecureRandom random) {
        this.issuer = issuer;
        this.certificate = certificate;
        this.clock = clock;
        this.random = random;
    }

    /** A new authority named {@code commonName}, using the system clock. */
    public static CertificateAuthority create(String commonName) {
        return create(commonName, InstantSource.system());
    }

    /** A new authority named {@code commonName}; validity periods start at {@code clock.instant()}. */
    public static CertificateAuthority create(String commonName, InstantSource clock) {
        SecureRandom random = new SecureRandom();
        KeyPair keys = CertificateBuilder.newKeyPair(random);
        CertificateBuilder.Name name = new CertificateBuilder.Name(commonName, ORGANIZATION);
        CertificateBuilder.Issuer issuer = new CertificateBuilder.Issuer(name, keys);
        Instant now = now(clock);
        CertificateBuilder.Spec spec = new CertificateBuilder.Spec(
                commonName,
                ORGANIZATION,
                List.of(),
                true,
                false,
                false,
                now,
                now.plus(CA_VALIDITY),
                CertificateBuilder.newSerial(random));
        X509Certificate certificate = CertificateBuilder.sign(spec, keys.getPublic(), issuer);
        return new CertificateAuthority(issuer, certificate, clock, random);
    }

    /**
     * A self-signed (not CA) leaf certificate for {@code hosts} with server and client usage,
     * valid for {@link #LEAF_VALIDITY}: what {@code --auto-tls} serves.
     */
    public static IssuedCert selfSigned(String commonName, List<String> hosts, InstantSource clock) {
        SecureRandom random = new SecureRandom();
        KeyPair keys = CertificateBuilder.newKeyPair(random);
        CertificateBuilder.Issuer self =
                new CertificateBuilder.Issuer(new CertificateBuilder.Name(commonName, ORGANIZATION), keys);
        Instant now = now(clock);
        CertificateBuilder.Spec spec = new CertificateBuilder.Spec(
                commonName,
                ORGANIZATION,
                hosts,
                false,
                true,
                true,
                now,
                now.plus(LEAF_VALIDITY),
                CertificateBuilder.newSerial(random));
        return new IssuedCert(CertificateBuilder.sign(spec, keys.getPublic(), self), keys.getPrivate());
    }

    /**
     * Issues a leaf certificate signed by this authority.
     *
     * @param commonName subject CN (etcd uses a client certificate's CN as the user name)
     * @param hosts DNS names or IP literals for the subject alternative names (may be empty)
     * @param server whether to allow TLS server authentication
     * @param client whether to allow TLS client authentication
     */
    public IssuedCert issue(String commonName, List<String> hosts, boolean server, boolean client) {
        KeyPair keys = CertificateBuilder.newKeyPair(random);
        Instant now = now(clock);
        CertificateBuilder.Spec spec = new CertificateBuilder.Spec(
                commonName,
                null,
                hosts,
                false,
                server,
                client,
                now,
                now.plus(LEAF_VALIDITY),
                CertificateBuilder.newSerial(random));
        return new IssuedCert(CertificateBuilder.sign(spec, keys.getPublic(), issuer), keys.getPrivate());
    }

    /** The authority's own (self-signed) certificate: what clients and servers put in their trust store. */
    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return issuer.keys().getPrivate();
    }

    /** Writes the authority's certificate as PEM, e.g. for {@code --trusted-ca-file}. */
    public void writeCertificate(Path caFile) throws IOException {
        PemWriter.writeCertificates(caFile, certificate);
    }

    /** Writes the authority's certificate and its private key (PKCS#8, mode 0600) as PEM. */
    public void writePem(Path certFile, Path keyFile) throws IOException {
        new IssuedCert(certificate, issuer.keys().getPrivate()).writePem(certFile, keyFile);
    }

    private static Instant now(InstantSource clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
