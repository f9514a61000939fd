package dev.cairn.server.http;

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;

/**
 * A grpc-java server protocol negotiator that serves gRPC and etcd's HTTP/1.x endpoints on the
 * same port, as etcd does: plaintext connections are routed by their first bytes ({@link
 * ProtocolSniffer}), TLS connections by ALPN ({@link TlsRouter}). gRPC connections continue with
 * grpc's own handlers, so every server setting (keepalive, limits, connection age) still applies
 * to them.
 *
 * <p>Immutable and thread-safe; grpc calls {@link #newHandler} on the accepting event loop.
 */
public final class MultiplexNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private static final AsciiString HTTP = AsciiString.of("http");
    private static final AsciiString HTTPS = AsciiString.of("https");

    private final @Nullable SslContext ssl;
    private final HttpEndpoints endpoints;
    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext =
            InternalProtocolNegotiators.serverPlaintext();

    /** @param ssl the server TLS context, or null for plaintext */
    public MultiplexNegotiator(@Nullable SslContext ssl, HttpEndpoints endpoints) {
        this.ssl = ssl;
        this.endpoints = endpoints;
    }

    @Override
    public AsciiString scheme() {
        return ssl == null ? HTTP : HTTPS;
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        if (ssl == null) {
            return new ProtocolSniffer(new GrpcHandoff(plaintext.newHandler(grpcHandler), e -> e), endpoints);
        }
        return new TlsRouter(ssl, grpcHandler, endpoints);
    }

    @Override
    public void close() {
        plaintext.close();
    }
}
