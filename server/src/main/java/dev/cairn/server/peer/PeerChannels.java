package dev.cairn.server.peer;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cairn.server.config.EtcdUrl;
import dev.cairn.tls.TlsException;
import io.grpc.ManagedChannel;
import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Opens gRPC channels to peer URLs ({@code http://host:port} plaintext, {@code https://host:port}
 * TLS with the peer client context, built once on first use).
 *
 * <p>Thread-safe.
 */
final class PeerChannels {
    /** Client keepalive: a silently dead connection is noticed within about 40s. */
    static final Duration KEEPALIVE_TIME = Duration.ofSeconds(30);

    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

    private final PeerSecurity security;

    @GuardedBy("this")
    private @Nullable SslContext clientContext;

    PeerChannels(PeerSecurity security) {
        this.security = security;
    }

    /**
     * Parses peer URLs.
     *
     * @throws IllegalArgumentException if the list is empty or a URL is not {@code http://} or
     *     {@code https://host:port}
     */
    static List<EtcdUrl> parse(List<String> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a peer needs at least one URL");
        }
        List<EtcdUrl> out = new ArrayList<>();
        for (String u : urls) {
            EtcdUrl url = EtcdUrl.parse(u);
            if (!url.scheme().equals("http") && !url.scheme().equals("https")) {
                throw new IllegalArgumentException("peer URL scheme must be http or https: " + u);
            }
            if (url.port().isEmpty()) {
                throw new IllegalArgumentException("peer URL has no port: " + u);
            }
            out.add(url);
        }
        return List.copyOf(out);
    }

    /** A new channel to {@code url}; the caller shuts it down. */
    ManagedChannel open(EtcdUrl url) throws IOException {
        String host = url.host().isEmpty() ? "localhost" : url.host();
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(host, Integer.parseInt(url.port()))
                .keepAliveTime(KEEPALIVE_TIME.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        if (url.secure()) {
            b.negotiationType(NegotiationType.TLS).sslContext(clientContext());
        } else {
            b.usePlaintext();
        }
        return b.build();
    }

    private synchronized SslContext clientContext() throws IOException {
        SslContext c = clientContext;
        if (c == null) {
            try {
                c = security.clientContext();
            } catch (TlsException | IllegalArgumentException e) {
                throw new IOException("peer TLS: " + e.getMessage(), e);
            }
            clientContext = c;
        }
        return c;
    }
}
