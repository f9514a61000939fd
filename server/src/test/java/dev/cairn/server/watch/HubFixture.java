package dev.cairn.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.WatchCancelRequest;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchProgressRequest;
import dev.cairn.proto.etcdserverpb.WatchRequest;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import dev.cairn.storage.mvcc.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A real store in a temporary directory, a hub over it with manual ticks, and write helpers. */
final class HubFixture implements AutoCloseable {
    static final WatchSettings SETTINGS = WatchSettings.etcd(1_572_864L, Duration.ofSeconds(5));

    final MvccStore store;
    final ManualTicks ticks = new ManualTicks();
    final WatchHub hub;

    HubFixture(Path dir) {
        this(dir, SETTINGS);
    }

    HubFixture(Path dir, WatchSettings settings) {
        store = MvccStores.open(dir);
        hub = WatchHub.start(store, settings, ticks, new SplittableRandom(1));
    }

    static ByteString bs(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    /** A stream with a fresh sink; waits until the hub opened it. */
    Stream open() {
        FakeSink sink = new FakeSink();
        WatchStream stream = hub.openStream(sink);
        settle();
        return new Stream(stream, sink);
    }

    record Stream(WatchStream stream, FakeSink sink) {
        void send(WatchRequest r) {
            stream.onRequest(r);
        }
    }

    static WatchCreateRequest.Builder create(String key) {
        return WatchCreateRequest.newBuilder().setKey(bs(key));
    }

    static WatchRequest req(WatchCreateRequest.Builder create) {
        return WatchRequest.newBuilder().setCreateRequest(create).build();
    }

    static WatchRequest cancel(long id) {
        return WatchRequest.newBuilder()
                .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(id))
                .build();
    }

    static WatchRequest progress() {
        return WatchRequest.newBuilder()
                .setProgressRequest(WatchProgressRequest.getDefaultInstance())
                .build();
    }

    long put(String key, String value) {
        return txn(t -> t.put(bs(key), bs(value), 0));
    }

    /**
     * Puts {@code key} {@code n} times (values v0, v1, ...) as separate transactions, each one
     * taken by the hub before the next is written (one commit per hub wake-up, as when the hub
     * keeps up with the store); returns their revisions in order.
     */
    List<Long> putMany(String key, int n) {
        List<Long> revs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            revs.add(put(key, "v" + i));
            settle();
        }
        return revs;
    }

    /**
     * Puts {@code key} {@code n} times (values v0, v1, ...) as separate transactions while the hub
     * thread is held, so that all {@code n} commits wait for the hub together (a hub that fell
     * behind the store); returns their revisions in order once the hub took them.
     */
    List<Long> putManyWhileHubIsBusy(String key, int n) {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> held = new CompletableFuture<>();
        hub.post(() -> {
            held.complete(null);
            await(release);
        });
        await(held);
        List<CompletableFuture<Long>> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ByteString value = bs("v" + i);
            writes.add(store.write(t -> {
                t.put(bs(key), value, 0);
                return t.writeRevision();
            }));
        }
        List<Long> revs = writes.stream().map(HubFixture::await).toList();
        release.complete(null);
        settle();
        return revs;
    }

    long delete(String key, String end) {
        return txn(t -> t.deleteRange(bs(key), bs(end)));
    }

    /** Runs one write transaction; returns the store revision after it. */
    long txn(Consumer<WriteTxn> body) {
        return await(store.write(t -> {
            body.accept(t);
            return t.writeRevision();
        }));
    }

    void compact(long revision) {
        await(store.compact(revision));
    }

    /** Waits until the hub has run every task posted so far and the ones those posted. */
    void settle() {
        for (int i = 0; i < 10_000; i++) {
            CompletableFuture<Boolean> idle = new CompletableFuture<>();
            hub.post(() -> idle.complete(hub.queueEmpty()));
            if (await(idle)) {
                return;
            }
        }
        throw new AssertionError("hub never settled");
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertEmpty(FakeSink sink) {
        assertThat(sink.drain()).isEmpty();
    }

    @Override
    public void close() {
        hub.close();
        store.close();
    }
}
