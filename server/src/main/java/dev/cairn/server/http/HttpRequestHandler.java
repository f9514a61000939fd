package dev.cairn.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers aggregated HTTP/1.x requests with {@link HttpEndpoints}, honouring keep-alive. A
 * malformed request gets 400 and the connection is closed.
 *
 * <p>One per connection; runs on that connection's event loop only.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

    private final HttpEndpoints endpoints;

    HttpRequestHandler(HttpEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            write(ctx, Reply.text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request\n"), false, false);
            return;
        }
        Reply reply;
        try {
            reply = endpoints.answer(request.method(), request.uri());
        } catch (RuntimeException e) {
            log.warn("HTTP {} {} failed", request.method(), request.uri(), e);
            reply = Reply.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
        }
        write(ctx, reply, HttpUtil.isKeepAlive(request), request.method().equals(HttpMethod.HEAD));
    }

    private static void write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive, boolean head) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(), content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
