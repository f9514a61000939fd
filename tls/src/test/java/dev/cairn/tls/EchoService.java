package dev.cairn.tls;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * A hand-built unary gRPC service for TLS tests: replies {@code "<protocol> <peer subject>"} from
 * the server's view of the TLS session ({@code "-"} when the client presented no certificate).
 *
 * <p>Stateless, thread-safe.
 */
final class EchoService {
    static final MethodDescriptor<String, String> WHO_AM_I = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("cairn.test.Echo/WhoAmI")
            .setRequestMarshaller(new Utf8Marshaller())
            .setResponseMarshaller(new Utf8Marshaller())
            .build();

    private EchoService() {}

    static ServerServiceDefinition definition() {
        ServerCallHandler<String, String> handler = (call, headers) -> {
            call.request(1);
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(String message) {
                    call.sendHeaders(new Metadata());
                    call.sendMessage(describe(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
                    call.close(Status.OK, new Metadata());
                }
            };
        };
        return ServerServiceDefinition.builder("cairn.test.Echo")
                .addMethod(WHO_AM_I, handler)
                .build();
    }

    private static String describe(@Nullable SSLSession session) {
        if (session == null) {
            return "plaintext -";
        }
        String peer;
        try {
            peer = session.getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
            peer = "-";
        }
        return session.getProtocol() + " " + peer;
    }

    /** Strings as UTF-8 bytes. Stateless, thread-safe. */
    private static final class Utf8Marshaller implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
