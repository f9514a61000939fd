package dev.cairn.server.http;

import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Gives a connection to grpc-java: adds grpc's negotiation handler right after the routing
 * handler and passes it the protocol-negotiation event that grpc fired when the connection
 * started (held back by the router until the protocol was known), optionally enriched (TLS).
 *
 * <p>One per connection; used on that connection's event loop only.
 */
final class GrpcHandoff {
    private final ChannelHandler negotiation;
    private final UnaryOperator<ProtocolNegotiationEvent> enrich;
    private @Nullable ProtocolNegotiationEvent event;

    /**
     * @param negotiation grpc's handler that waits for the negotiation event and then installs
     *     the HTTP/2 handler
     * @param enrich applied to the event before it is passed on
     */
    GrpcHandoff(ChannelHandler negotiation, UnaryOperator<ProtocolNegotiationEvent> enrich) {
        this.negotiation = negotiation;
        this.enrich = enrich;
    }

    /** Holds grpc's start-of-negotiation event until {@link #handOff}. */
    void hold(@Nullable ProtocolNegotiationEvent e) {
        this.event = e;
    }

    /** Installs grpc after {@code ctx}'s handler and starts its negotiation; the caller then removes itself. */
    void handOff(ChannelHandlerContext ctx) {
        ProtocolNegotiationEvent e = event == null ? InternalProtocolNegotiationEvent.getDefault() : event;
        ctx.pipeline().addAfter(ctx.name(), null, negotiation);
        ctx.fireUserEventTriggered(enrich.apply(e));
    }
}
