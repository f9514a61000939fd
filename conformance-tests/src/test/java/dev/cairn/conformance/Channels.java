package dev.cairn.conformance;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Builds grpc-java channels to a server on the loopback interface. Thread-safe (stateless). */
final class Channels {
    private Channels() {}

    /** A channel to 127.0.0.1:port, with mutual TLS when {@code tls} is given. */
    static ManagedChannel open(int port, @Nullable TlsMaterial tls) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .directExecutor();
        if (tls == null) {
            builder.usePlaintext();
        } else {
            try {
                builder.sslContext(GrpcSslContexts.forClient()
                        .trustManager(tls.caCert().toFile())
                        .keyManager(tls.clientCert().toFile(), tls.clientKey().toFile())
                        .build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return builder.build();
    }

    /** Shuts a channel down and waits (bounded) for it to terminate. */
    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
