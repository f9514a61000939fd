package dev.cairn.server.peer;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * {@code --peer-cert-allowed-cn}: refuses every call whose (already verified) client certificate
 * does not have exactly the allowed common name. Stateless, thread-safe.
 */
final class AllowedCnCheck implements ServerInterceptor {
    private final String allowedCn;

    AllowedCnCheck(String allowedCn) {
        this.allowedCn = allowedCn;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        Optional<String> cn = commonName(session);
        if (cn.isEmpty() || !cn.get().equals(allowedCn)) {
            call.close(
                    Status.PERMISSION_DENIED.withDescription("peer certificate CN "
                            + cn.map(c -> "\"" + c + "\"").orElse("(none)")
                            + " is not the allowed CN \"" + allowedCn + "\""),
                    new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }

    /** The CN of the client certificate of {@code session}, if it has one. */
    static Optional<String> commonName(@Nullable SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        try {
            LdapName name = new LdapName(leaf.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
