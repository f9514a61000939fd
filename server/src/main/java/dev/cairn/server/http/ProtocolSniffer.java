package dev.cairn.server.http;

import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the first bytes of a connection and routes it: the HTTP/2 connection preface ({@code
 * PRI * HTTP/2.0...}) goes to gRPC, anything else to the HTTP/1.x endpoints (an HTTP/1 request
 * line starts with a method such as {@code GET}, never with {@code PRI }). The bytes read stay
 * unconsumed and reach the chosen handlers when the sniffer removes itself.
 *
 * <p>One per connection; runs on that connection's event loop only.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    private static final byte[] PREFACE_START = "PRI ".getBytes(StandardCharsets.US_ASCII);

    private final GrpcHandoff grpc;
    private final HttpEndpoints endpoints;

    ProtocolSniffer(GrpcHandoff grpc, HttpEndpoints endpoints) {
        this.grpc = grpc;
        this.endpoints = endpoints;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ProtocolNegotiationEvent e) {
            grpc.hold(e); // passed on only if the connection turns out to be HTTP/2
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int n = Math.min(in.readableBytes(), PREFACE_START.length);
        boolean prefaceSoFar = true;
        for (int i = 0; i < n; i++) {
            if (in.getByte(start + i) != PREFACE_START[i]) {
                prefaceSoFar = false;
                break;
            }
        }
        if (prefaceSoFar && n < PREFACE_START.length) {
            return; // wait for more bytes
        }
        if (prefaceSoFar) {
            grpc.handOff(ctx);
        } else {
            Http1Pipeline.installAfter(ctx, endpoints);
        }
        ctx.pipeline().remove(this); // hands the bytes read so far to the next handler
    }
}
