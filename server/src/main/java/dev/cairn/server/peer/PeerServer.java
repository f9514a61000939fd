package dev.cairn.server.peer;

import dev.cairn.server.config.EtcdUrl;
import dev.cairn.server.config.ServerConfig;
import dev.cairn.tls.TlsException;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer listeners: one grpc-java Netty server per {@code --listen-peer-urls} entry serving
 * {@code RaftPeer}, plaintext for {@code http://}, TLS from {@link PeerSecurity} for {@code
 * https://}.
 *
 * <p>Thread-safe. Started once; {@link #close()} stops every listener.
 */
public final class PeerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerServer.class);

    /** Largest message accepted from a peer (a batch of appends, a snapshot chunk). */
    static final int MAX_INBOUND_MESSAGE_BYTES = 64 << 20;

    private final List<Server> servers;

    private PeerServer(List<Server> servers) {
        this.servers = List.copyOf(servers);
    }

    /** Starts the listeners of {@code config} ({@code --listen-peer-urls}, {@code --peer-*} TLS). */
    public static PeerServer start(ServerConfig config, PeerInbox inbox, InstantSource clock) throws IOException {
        return start(config.cluster().listenPeerUrls(), PeerSecurity.from(config), inbox, clock);
    }

    /**
     * Starts a listener on every URL; on failure, stops the ones already started.
     *
     * @param clock start of the validity of a generated auto-TLS certificate
     * @throws IOException if a URL cannot be bound, is a unix socket, or needs TLS that cannot be
     *     set up
     */
    public static PeerServer start(List<EtcdUrl> urls, PeerSecurity security, PeerInbox inbox, InstantSource clock)
            throws IOException {
        ServerServiceDefinition service = new RaftPeerService(inbox).bindService();
        String allowedCn = security.allowedCn();
        if (allowedCn != null) {
            if (security.tls().clientCertAuth()) {
                service = ServerInterceptors.intercept(service, new AllowedCnCheck(allowedCn));
            } else {
                log.warn("--peer-cert-allowed-cn is ignored without --peer-client-cert-auth");
            }
        }
        SslContext ssl = sslContextIfNeeded(urls, security, clock);
        List<Server> started = new ArrayList<>();
        try {
            for (EtcdUrl url : urls) {
                if (url.scheme().startsWith("unix")) {
                    throw new IOException("peer URL " + url + ": unix sockets are not supported for peers");
                }
                NettyServerBuilder b = NettyServerBuilder.forAddress(bindAddress(url))
                        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                        .permitKeepAliveTime(PeerChannels.KEEPALIVE_TIME.toNanos() / 2, TimeUnit.NANOSECONDS)
                        .permitKeepAliveWithoutCalls(true)
                        .addService(service);
                if (url.secure()) {
                    if (ssl == null) {
                        throw new IllegalStateException("no TLS context for " + url);
                    }
                    b.sslContext(ssl);
                }
                Server server = b.build();
                try {
                    server.start();
                } catch (IOException e) {
                    throw new IOException("listen tcp " + url.address() + ": " + rootMessage(e), e);
                }
                started.add(server);
                log.info("serving peer traffic on {}", url);
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Server::shutdownNow);
            throw e;
        }
        return new PeerServer(started);
    }

    /** The bound addresses, one per URL in order (the real port when the URL asked for port 0). */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Server s : servers) {
            for (SocketAddress a : s.getListenSockets()) {
                if (a instanceof InetSocketAddress inet) {
                    out.add(inet);
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    /** Stops accepting, cancels open calls and waits (bounded) for the listeners to stop. */
    @Override
    public void close() {
        servers.forEach(Server::shutdownNow);
        try {
            for (Server s : servers) {
                if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.warn("a peer listener did not stop within 10s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static @Nullable SslContext sslContextIfNeeded(
            List<EtcdUrl> urls, PeerSecurity security, InstantSource clock) throws IOException {
        EtcdUrl firstSecure = urls.stream().filter(EtcdUrl::secure).findFirst().orElse(null);
        if (firstSecure == null) {
            return null;
        }
        if (!security.tls().enabled()) {
            throw new IOException("TLS key/cert (--peer-cert-file, --peer-key-file) must be provided for peer url "
                    + firstSecure + " with HTTPS scheme");
        }
        try {
            return security.serverContext(clock);
        } catch (TlsException | IllegalArgumentException e) {
            throw new IOException("peer TLS: " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress bindAddress(EtcdUrl url) throws IOException {
        try {
            int port = url.port().isEmpty() ? 0 : Integer.parseInt(url.port());
            if (url.host().isEmpty()) {
                return new InetSocketAddress(port);
            }
            return new InetSocketAddress(InetAddress.getByName(url.host()), port);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new IOException("listen tcp " + url.address() + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
