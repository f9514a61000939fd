package dev.cairn.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ResponseSink} that records what the hub sends; readiness is switched by the test. */
final class FakeSink implements ResponseSink {
    static final long CLUSTER_ID = 77;

    final LinkedBlockingQueue<WatchResponse> sent = new LinkedBlockingQueue<>();
    final AtomicInteger requested = new AtomicInteger();
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    volatile boolean ready = true;

    @Override
    public ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder()
                .setClusterId(CLUSTER_ID)
                .setRevision(revision)
                .build();
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void send(WatchResponse response) {
        sent.add(response);
    }

    @Override
    public void requestNext() {
        requested.incrementAndGet();
    }

    @Override
    public void end(Throwable cause) {
        ended.complete(cause);
    }

    /** The next response, waiting at most 10 s for it. */
    WatchResponse next() {
        try {
            WatchResponse r = sent.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("a response within 10 s").isNotNull();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Everything sent so far (after the hub settled), removed from the queue. */
    List<WatchResponse> drain() {
        List<WatchResponse> out = new ArrayList<>();
        sent.drainTo(out);
        return out;
    }
}
