package dev.cairn.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Installs the HTTP/1.x handlers on a connection that was routed away from gRPC. Stateless.
 */
final class Http1Pipeline {
    /** The largest request body accepted (etcd's default --max-request-bytes plus slack). */
    static final int MAX_CONTENT_BYTES = 2 << 20;

    private Http1Pipeline() {}

    /** Adds codec, aggregator and request handler right after {@code ctx}'s handler, in that order. */
    static void installAfter(ChannelHandlerContext ctx, HttpEndpoints endpoints) {
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "cairn-http-codec", new HttpServerCodec());
        p.addAfter("cairn-http-codec", "cairn-http-aggregator", new HttpObjectAggregator(MAX_CONTENT_BYTES));
        p.addAfter("cairn-http-aggregator", "cairn-http-endpoints", new HttpRequestHandler(endpoints));
    }
}
