package dev.cairn.server.launch;

import dev.cairn.server.config.EtcdUrl;
import dev.cairn.server.config.GrpcKeepalive;
import dev.cairn.server.config.RequestLimits;
import dev.cairn.server.config.ServerConfig;
import dev.cairn.server.config.TransportSecurity;
import dev.cairn.server.http.HttpEndpoints;
import dev.cairn.server.http.MultiplexNegotiator;
import dev.cairn.tls.ServerTls;
import dev.cairn.tls.TlsConfig;
import dev.cairn.tls.TlsException;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts one grpc-java Netty server per {@code --listen-client-urls} entry: plaintext
 * HTTP/2 (h2c) for {@code http://}, TLS from {@link ServerTls} for {@code https://}, with etcd's
 * message-size, stream and keepalive settings. Given {@link HttpEndpoints}, each listener also
 * answers HTTP/1.x ({@code /health}, {@code /version}, ...) on the same port ({@link
 * MultiplexNegotiator}); {@code --listen-metrics-urls} get listeners with the HTTP endpoints and no
 * gRPC service.
 *
 * <p>Stateless; {@link #start} is called once, on the main thread, during start-up.
 */
final class ClientListeners {
    private static final Logger log = LoggerFactory.getLogger(ClientListeners.class);

    /** grpc-go's default server limit on the size of received headers. */
    static final int GRPC_GO_MAX_HEADER_LIST_BYTES = 16 << 20;

    private ClientListeners() {}

    /** A started listener: the URL it serves and the server bound to it. */
    record Listener(EtcdUrl url, Server server) {
        /** The bound address as etcd prints it ({@code 127.0.0.1:2379}). */
        String boundAddress() {
            for (SocketAddress a : server.getListenSockets()) {
                if (a instanceof InetSocketAddress inet) {
                    return inet.getAddress().getHostAddress().contains(":")
                            ? "[" + inet.getAddress().getHostAddress() + "]:" + inet.getPort()
                            : inet.getAddress().getHostAddress() + ":" + inet.getPort();
                }
            }
            return url.address();
        }
    }

    /**
     * Starts a listener for every client URL. On failure, stops the ones already started.
     *
     * @param clock start of the validity of a generated auto-TLS certificate
     *
     * @throws StartupException when a URL cannot be bound or TLS cannot be set up
     */
    static List<Listener> start(ServerConfig config, List<ServerServiceDefinition> services, InstantSource clock)
            throws StartupException {
        return start(config, config.listenClientUrls(), services, null, clock);
    }

    /**
     * Starts a listener for every client URL, serving gRPC and, when {@code http} is given, the
     * HTTP/1.x endpoints on the same port.
     */
    static List<Listener> start(
            ServerConfig config,
            List<ServerServiceDefinition> services,
            @Nullable HttpEndpoints http,
            InstantSource clock)
            throws StartupException {
        return start(config, config.listenClientUrls(), services, http, clock);
    }

    /** Starts a listener for every {@code --listen-metrics-urls} entry, serving only the HTTP endpoints. */
    static List<Listener> startMetrics(ServerConfig config, HttpEndpoints http, InstantSource clock)
            throws StartupException {
        if (config.listenMetricsUrls().isEmpty()) {
            return List.of();
        }
        return start(config, config.listenMetricsUrls(), List.of(), http, clock);
    }

    private static List<Listener> start(
            ServerConfig config,
            List<EtcdUrl> urls,
            List<ServerServiceDefinition> services,
            @Nullable HttpEndpoints http,
            InstantSource clock)
            throws StartupException {
        SslContext ssl = sslContextIfNeeded(config, urls, clock);
        List<Listener> started = new ArrayList<>();
        try {
            for (EtcdUrl url : urls) {
                if (!url.secure() && !config.clientSecurity().noCertificate()) {
                    log.warn(
                            "scheme is HTTP while key and cert files are present; ignoring key and cert files for {}",
                            url);
                }
                Server server = builder(
                                bindAddress(url),
                                config.limits(),
                                config.keepalive(),
                                url.secure() ? ssl : null,
                                services,
                                http)
                        .build();
                try {
                    server.start();
                } catch (IOException e) {
                    throw new StartupException("listen tcp " + url.address() + ": " + rootMessage(e), e);
                }
                started.add(new Listener(url, server));
            }
        } catch (StartupException | RuntimeException e) {
            started.forEach(l -> l.server().shutdownNow());
            throw e;
        }
        return List.copyOf(started);
    }

    /** The server builder for one listener with etcd's limits and keepalive policy. */
    static NettyServerBuilder builder(
            InetSocketAddress address,
            RequestLimits limits,
            GrpcKeepalive keepalive,
            @Nullable SslContext ssl,
            List<ServerServiceDefinition> services) {
        return builder(address, limits, keepalive, ssl, services, null);
    }

    /**
     * The server builder for one listener with etcd's limits and keepalive policy; with {@code
     * http}, HTTP/1.x requests on the same port are answered by it.
     */
    static NettyServerBuilder builder(
            InetSocketAddress address,
            RequestLimits limits,
            GrpcKeepalive keepalive,
            @Nullable SslContext ssl,
            List<ServerServiceDefinition> services,
            @Nullable HttpEndpoints http) {
        NettyServerBuilder b = NettyServerBuilder.forAddress(address)
                // etcd: --max-request-bytes + 512 KiB in, nothing capped out (grpc-java caps only inbound).
                .maxInboundMessageSize(limits.grpcMaxInboundMessageBytes())
                .maxConcurrentCallsPerConnection((int) Math.min(limits.maxConcurrentStreams(), Integer.MAX_VALUE))
                // grpc-go (etcd) accepts 16 MiB of request headers; grpc-java's default is 8 KiB.
                .maxInboundMetadataSize(GRPC_GO_MAX_HEADER_LIST_BYTES)
                .permitKeepAliveTime(keepalive.minTime().toNanos(), TimeUnit.NANOSECONDS)
                // etcd refuses pings on connections without active calls; jetcd and kube-apiserver's
                // client ping idle connections, and a GOAWAY(too_many_pings) there only causes
                // reconnect churn. Cairn is lenient on purpose.
                .permitKeepAliveWithoutCalls(true);
        if (!keepalive.interval().isZero()) {
            b.keepAliveTime(keepalive.interval().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            b.keepAliveTime(Long.MAX_VALUE, TimeUnit.NANOSECONDS); // 0 disables pings, as in etcd
        }
        if (!keepalive.timeout().isZero()) {
            b.keepAliveTimeout(keepalive.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (http != null) {
            b.protocolNegotiator(new MultiplexNegotiator(ssl, http));
        } else if (ssl != null) {
            b.sslContext(ssl);
        }
        services.forEach(b::addService);
        b.callExecutor(new InlineCalls());
        return b;
    }

    /** The TLS context shared by the https listeners among {@code urls}, or null when there are none. */
    private static @Nullable SslContext sslContextIfNeeded(ServerConfig config, List<EtcdUrl> urls, InstantSource clock)
            throws StartupException {
        List<String> hosts = new ArrayList<>();
        EtcdUrl firstSecure = null;
        for (EtcdUrl url : urls) {
            if (url.secure()) {
                hosts.add(url.host());
                if (firstSecure == null) {
                    firstSecure = url;
                }
            }
        }
        if (firstSecure == null) {
            return null;
        }
        TransportSecurity sec = config.clientSecurity();
        if (sec.noCertificate() && !sec.autoTls()) {
            throw new StartupException("TLS key/cert (--cert-file, --key-file) must be provided for client url "
                    + firstSecure + " with HTTPS scheme");
        }
        try {
            TlsConfig tls = new TlsConfig(
                    path(sec.certFile()),
                    path(sec.keyFile()),
                    path(sec.trustedCaFile()),
                    sec.clientCertAuth(),
                    sec.autoTls(),
                    config.dataDir().resolve("fixtures").resolve("client"),
                    hosts);
            return ServerTls.serverContext(tls, clock);
        } catch (TlsException | IllegalArgumentException e) {
            throw new StartupException("client TLS: " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress bindAddress(EtcdUrl url) throws StartupException {
        try {
            int port = url.port().isEmpty() ? 0 : Integer.parseInt(url.port());
            if (url.host().isEmpty()) {
                return new InetSocketAddress(port);
            }
            return new InetSocketAddress(InetAddress.getByName(url.host()), port);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new StartupException("listen tcp " + url.address() + ": " + e.getMessage(), e);
        }
    }

    private static @Nullable Path path(@Nullable String file) {
        return file == null ? null : Path.of(file);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
