package dev.cairn.bench.load;

import dev.cairn.bench.time.Ticker;
import dev.cairn.tls.ServerTls;
import dev.cairn.tls.TlsException;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --conns} gRPC channels, dealt round-robin over the endpoints as etcd's tool does.
 * Channels use Netty (epoll where its native library is present, else NIO) and run callbacks
 * directly on the transport threads, which the load clients rely on. Thread-safe after
 * {@link #open}; {@link #close} shuts every channel down.
 */
public final class Connections implements AutoCloseable {
    private static final int FLOW_CONTROL_WINDOW = 16 << 20;
    private final List<ManagedChannel> channels;

    private Connections(List<ManagedChannel> channels) {
        this.channels = List.copyOf(channels);
    }

    /**
     * Opens {@code count} channels. With a positive {@code dialTimeout} waits until each is
     * connected and fails with {@link DialException} when one is not in time; otherwise connects
     * in the background and lets the first requests wait for the connection.
     */
    public static Connections open(List<Endpoint> endpoints, int count, TlsOptions tls, Duration dialTimeout)
            throws DialException, InterruptedException {
        if (endpoints.isEmpty()) {
            throw new DialException("no endpoints");
        }
        boolean useTls = tls.anyGiven() || endpoints.stream().anyMatch(Endpoint::https);
        SslContext ssl = useTls ? sslContext(tls) : null;
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < Math.max(1, count); i++) {
            Endpoint e = endpoints.get(i % endpoints.size());
            NettyChannelBuilder b = NettyChannelBuilder.forAddress(e.host(), e.port())
                    .directExecutor()
                    .disableRetry()
                    .maxInboundMessageSize(Integer.MAX_VALUE)
                    // a fixed window turns off BDP estimation, whose PING per response costs a
                    // write and a wake-up per request (a third of a c1 client's CPU)
                    .flowControlWindow(FLOW_CONTROL_WINDOW);
            if (ssl != null) {
                b.sslContext(ssl);
            } else {
                b.usePlaintext();
            }
            ManagedChannel ch = b.build();
            ch.getState(true);
            channels.add(ch);
        }
        Connections c = new Connections(channels);
        if (dialTimeout.isPositive()) {
            c.awaitReady(dialTimeout);
        }
        return c;
    }

    private static SslContext sslContext(TlsOptions tls) throws DialException {
        try {
            return ServerTls.clientContext(path(tls.caFile()), path(tls.certFile()), path(tls.keyFile()));
        } catch (TlsException | IllegalArgumentException e) {
            throw new DialException("bad tls config: " + e.getMessage());
        }
    }

    private static @Nullable Path path(@Nullable String file) {
        return file == null || file.isEmpty() ? null : Path.of(file);
    }

    private void awaitReady(Duration timeout) throws DialException, InterruptedException {
        long deadline = Ticker.SYSTEM.nanoTime() + timeout.toNanos();
        for (ManagedChannel ch : channels) {
            while (true) {
                ConnectivityState state = ch.getState(true);
                if (state == ConnectivityState.READY) {
                    break;
                }
                long left = deadline - Ticker.SYSTEM.nanoTime();
                if (left <= 0) {
                    close();
                    throw new DialException("dial error: context deadline exceeded");
                }
                CountDownLatch changed = new CountDownLatch(1);
                ch.notifyWhenStateChanged(state, changed::countDown);
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        }
    }

    public int size() {
        return channels.size();
    }

    /** The channel that client number {@code client} uses: clients are dealt round-robin. */
    public ManagedChannel forClient(int client) {
        return channels.get(client % channels.size());
    }

    @Override
    public void close() {
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
        }
        for (ManagedChannel ch : channels) {
            try {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A connection that could not be set up; the message is shown to the user. */
    public static final class DialException extends Exception {
        private static final long serialVersionUID = 1L;

        public DialException(String message) {
            super(message);
        }
    }
}
