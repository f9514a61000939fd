package dev.cairn.server.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.config.GrpcKeepalive;
import dev.cairn.server.config.RequestLimits;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The limits a client-port listener enforces, over a real loopback connection to an echo method. */
class ListenerLimitsTest {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Echo/Echo")
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition echo = ServerServiceDefinition.builder("test.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(new byte[] {(byte) request.length});
                    response.onCompleted();
                }))
                .build();
        server = ClientListeners.builder(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        new RequestLimits(1_572_864, 128, 4_294_967_295L),
                        new GrpcKeepalive(Duration.ofSeconds(5), Duration.ofHours(2), Duration.ofSeconds(20)),
                        null,
                        List.of(echo))
                .build()
                .start();
        int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
        channel = NettyChannelBuilder.forAddress(
                        InetAddress.getLoopbackAddress().getHostAddress(), port)
                .usePlaintext()
                .maxInboundMetadataSize(1 << 20)
                .build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private byte[] call(int size) {
        return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, new byte[size]);
    }

    @Test
    void acceptsRequestsUpToMaxRequestBytesPlus512KiB() {
        assertThat(call(2_097_152 - 16)).hasSize(1);
    }

    @Test
    void rejectsLargerRequestsWithResourceExhausted() {
        assertThatThrownBy(() -> call(2_097_152 + 1))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void acceptsLargeRequestHeadersAsGrpcGoDoes() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER), "t".repeat(64 * 1024));

        assertThat(ClientCalls.blockingUnaryCall(
                        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                        ECHO,
                        CallOptions.DEFAULT,
                        new byte[5]))
                .containsExactly(5);
    }
}
