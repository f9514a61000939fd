package dev.cairn.server.http;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InternalChannelz;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for a client-port connection, then routing on the ALPN result: {@code h2} goes to gRPC
 * (with the addresses, the TLS session and the channelz security record in the transport
 * attributes, as grpc's own TLS negotiator sets them; grpc's security-level attribute is internal
 * API and left unset), {@code http/1.1} to the HTTP/1.x endpoints, and no ALPN to a {@link
 * ProtocolSniffer} (the first decrypted bytes decide).
 *
 * <p>One per connection; runs on that connection's event loop only.
 */
final class TlsRouter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsRouter.class);

    private final SslContext ssl;
    private final GrpcHttp2ConnectionHandler grpcHandler;
    private final HttpEndpoints endpoints;
    private final List<Object> early = new ArrayList<>();
    private @Nullable SslHandler sslHandler;
    private @Nullable ProtocolNegotiationEvent held;

    TlsRouter(SslContext ssl, GrpcHttp2ConnectionHandler grpcHandler, HttpEndpoints endpoints) {
        this.ssl = ssl;
        this.grpcHandler = grpcHandler;
        this.endpoints = endpoints;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        SslHandler h = ssl.newHandler(ctx.alloc());
        sslHandler = h;
        ctx.pipeline().addBefore(ctx.name(), null, h);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ProtocolNegotiationEvent e) {
            held = e; // passed on only if the connection turns out to be gRPC
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent done && sslHandler != null) {
            if (done.isSuccess()) {
                route(ctx, sslHandler);
            } else {
                log.debug("TLS handshake with {} failed", ctx.channel().remoteAddress(), done.cause());
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg); // decrypted data ahead of the handshake event: kept for the chosen handler
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        early.forEach(io.netty.util.ReferenceCountUtil::safeRelease);
        early.clear();
    }

    private void route(ChannelHandlerContext ctx, SslHandler tls) {
        String protocol = tls.applicationProtocol();
        SSLSession session = tls.engine().getSession();
        Channel channel = ctx.channel();
        GrpcHandoff grpc = new GrpcHandoff(
                InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler), e -> secured(e, channel, session));
        grpc.hold(held);
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            grpc.handOff(ctx);
        } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
            Http1Pipeline.installAfter(ctx, endpoints);
        } else {
            ctx.pipeline().addAfter(ctx.name(), null, new ProtocolSniffer(grpc, endpoints));
        }
        List<Object> pending = List.copyOf(early);
        early.clear();
        pending.forEach(ctx::fireChannelRead);
        ctx.pipeline().remove(this);
    }

    /** The event with what grpc's own server TLS negotiation records about the connection. */
    private static ProtocolNegotiationEvent secured(ProtocolNegotiationEvent e, Channel channel, SSLSession session) {
        Attributes attrs = InternalProtocolNegotiationEvent.getAttributes(e).toBuilder()
                .set(Grpc.TRANSPORT_ATTR_LOCAL_ADDR, channel.localAddress())
                .set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, channel.remoteAddress())
                .set(Grpc.TRANSPORT_ATTR_SSL_SESSION, session)
                .build();
        return InternalProtocolNegotiationEvent.withSecurity(
                InternalProtocolNegotiationEvent.withAttributes(e, attrs),
                new InternalChannelz.Security(new InternalChannelz.Tls(session)));
    }
}
