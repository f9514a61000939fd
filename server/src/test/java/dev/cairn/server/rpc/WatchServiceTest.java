package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.Ops.bs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.WatchCancelRequest;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchGrpc;
import dev.cairn.proto.etcdserverpb.WatchProgressRequest;
import dev.cairn.proto.etcdserverpb.WatchRequest;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.replication.ManualTimeouts;
import dev.cairn.server.time.Ticker;
import dev.cairn.server.watch.TickSource;
import dev.cairn.server.watch.WatchHub;
import dev.cairn.server.watch.WatchSettings;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Watch service over in-process gRPC with direct executors and a real store. */
class WatchServiceTest {
    @TempDir
    Path dir;

    MvccStore store;
    WatchHub hub;
    Server server;
    ManagedChannel channel;
    KVGrpc.KVBlockingStub kv;
    final List<Runnable> ticks = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        store = MvccStores.open(dir);
        TickSource manual = (period, tick) -> {
            ticks.add(tick);
            return () -> ticks.remove(tick);
        };
        hub = WatchHub.start(
                store, WatchSettings.etcd(1_572_864L, Duration.ofSeconds(5)), manual, new SplittableRandom(3));
        RpcContext context = RpcContext.Local.create(
                        store,
                        LeaseMachine.empty(LeaseConfig.defaults(), Ticker.system()),
                        1,
                        Instant.EPOCH,
                        new ManualTimeouts())
                .context(store, KvFixture.CLUSTER_ID, KvFixture.MEMBER_ID, 128, 1_572_864L, hub);
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        RpcServices.bind(context).forEach(builder::addService);
        server = builder.build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        kv = KVGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        hub.close();
        store.close();
    }

    /** A client stream that records what it gets; {@code initial} < 0 means automatic flow control. */
    static final class Client implements ClientResponseObserver<WatchRequest, WatchResponse> {
        final LinkedBlockingQueue<WatchResponse> got = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        final int initial;
        volatile @Nullable ClientCallStreamObserver<WatchRequest> requests;

        Client(int initial) {
            this.initial = initial;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
            requests = requestStream;
            if (initial >= 0) {
                requestStream.disableAutoRequestWithInitial(initial);
            }
        }

        @Override
        public void onNext(WatchResponse value) {
            got.add(value);
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(t);
        }

        @Override
        public void onCompleted() {
            ended.complete(new AssertionError("completed"));
        }

        WatchResponse next() throws InterruptedException {
            WatchResponse r = got.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("a response within 10 s").isNotNull();
            return r;
        }

        ClientCallStreamObserver<WatchRequest> call() {
            return Objects.requireNonNull(requests);
        }

        void send(WatchRequest r) {
            call().onNext(r);
        }
    }

    Client open(int initial) {
        Client c = new Client(initial);
        StreamObserver<WatchRequest> unused = WatchGrpc.newStub(channel).watch(c);
        return c;
    }

    static WatchRequest create(String key) {
        return WatchRequest.newBuilder()
                .setCreateRequest(WatchCreateRequest.newBuilder().setKey(bs(key)))
                .build();
    }

    static WatchRequest create(WatchCreateRequest.Builder b) {
        return WatchRequest.newBuilder().setCreateRequest(b).build();
    }

    @Test
    void createdThenEventsWithTheFullHeader() throws Exception {
        Client c = open(-1);
        c.send(create("k"));
        WatchResponse created = c.next();
        KvFixture.assertHeader(created.getHeader(), 1);
        assertThat(created.getCreated()).isTrue();
        long rev = kv.put(Ops.putReq("k", "v")).getHeader().getRevision();
        WatchResponse ev = c.next();
        KvFixture.assertHeader(ev.getHeader(), rev);
        assertThat(ev.getEvents(0).getKv().getValue().toStringUtf8()).isEqualTo("v");
    }

    @Test
    void cancelAndProgressRequestOverTheWire() throws Exception {
        Client c = open(-1);
        c.send(create("a"));
        c.send(create("b"));
        c.next();
        c.next();
        long rev = kv.put(Ops.putReq("z", "1")).getHeader().getRevision();
        c.send(WatchRequest.newBuilder()
                .setProgressRequest(WatchProgressRequest.getDefaultInstance())
                .build());
        WatchResponse progress = c.next();
        assertThat(progress.getWatchId()).isEqualTo(-1);
        KvFixture.assertHeader(progress.getHeader(), rev);
        c.send(WatchRequest.newBuilder()
                .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(1))
                .build());
        WatchResponse canceled = c.next();
        assertThat(canceled.getCanceled()).isTrue();
        assertThat(canceled.getWatchId()).isOne();
    }

    @Test
    void progressNotifyOnTheTick() throws Exception {
        Client c = open(-1);
        c.send(create(WatchCreateRequest.newBuilder().setKey(bs("k")).setProgressNotify(true)));
        c.next();
        long rev = kv.put(Ops.putReq("other", "1")).getHeader().getRevision();
        ticks.forEach(Runnable::run);
        WatchResponse notify = c.next();
        assertThat(notify.getWatchId()).isZero();
        assertThat(notify.getEventsCount()).isZero();
        KvFixture.assertHeader(notify.getHeader(), rev);
    }

    @Test
    void halfClosedStreamsKeepServingAsEtcdDoes() throws Exception {
        Client c = open(-1);
        c.send(create("k"));
        c.next();
        c.call().onCompleted();
        kv.put(Ops.putReq("k", "after half-close"));
        assertThat(c.next().getEventsCount()).isOne();
        assertThat(c.ended).isNotDone();
    }

    @Test
    void stoppingTheHubEndsStreamsWithServerStopped() throws Exception {
        Client c = open(-1);
        c.send(create("k"));
        c.next();
        hub.close();
        Throwable t = c.ended.get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: server stopped");
        });
    }

    @Test
    void slowClientGetsEveryEventOnceInOrderWhileAFastOneIsNotDelayed() throws Exception {
        Client slow = open(1);
        Client fast = open(-1);
        slow.send(create(WatchCreateRequest.newBuilder().setKey(bs("k")).setPrevKv(true)));
        fast.send(create("k"));
        assertThat(slow.next().getCreated()).isTrue();
        assertThat(fast.next().getCreated()).isTrue();
        int writes = 2_000;
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            var value = bs("v" + i);
            futures.add(store.write(t -> {
                t.put(bs("k"), value, 0);
                return t.writeRevision();
            }));
        }
        List<Long> revs = new ArrayList<>();
        for (CompletableFuture<Long> f : futures) {
            revs.add(f.get(30, TimeUnit.SECONDS));
        }
        List<Long> fastSeen = new ArrayList<>();
        while (fastSeen.size() < writes) {
            fast.next().getEventsList().forEach(e -> fastSeen.add(e.getKv().getModRevision()));
        }
        assertThat(fastSeen).containsExactlyElementsOf(revs);
        assertThat(slow.got).isEmpty();

        List<Long> slowSeen = new ArrayList<>();
        int responses = 0;
        while (slowSeen.size() < writes) {
            slow.call().request(5);
            for (int i = 0; i < 5 && slowSeen.size() < writes; i++) {
                WatchResponse r = slow.next();
                responses++;
                r.getEventsList().forEach(e -> {
                    slowSeen.add(e.getKv().getModRevision());
                    if (e.getKv().getVersion() > 1) {
                        assertThat(e.getPrevKv().getModRevision())
                                .isEqualTo(e.getKv().getModRevision() - 1);
                    }
                });
            }
        }
        assertThat(slowSeen).containsExactlyElementsOf(revs);
        assertThat(responses).as("catch-up merges revisions").isLessThan(writes);
        long live = kv.put(Ops.putReq("k", "live")).getHeader().getRevision();
        slow.call().request(1);
        assertThat(slow.next().getEvents(0).getKv().getModRevision()).isEqualTo(live);
    }

    @Test
    void tenThousandWatchersOnOneStream() throws Exception {
        int n = 10_000;
        Client c = open(-1);
        for (int i = 0; i < n; i++) {
            c.send(create("w/" + i));
        }
        for (int i = 0; i < n; i++) {
            WatchResponse created = c.next();
            assertThat(created.getCreated()).isTrue();
            assertThat(created.getWatchId()).isEqualTo(i);
        }
        long rev = store.write(t -> {
                    for (int i = 0; i < n; i++) {
                        t.put(bs("w/" + i), bs("v"), 0);
                    }
                    return t.writeRevision();
                })
                .get(30, TimeUnit.SECONDS);
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            WatchResponse r = c.next();
            assertThat(r.getHeader().getRevision()).isEqualTo(rev);
            assertThat(r.getEventsList())
                    .singleElement()
                    .satisfies(
                            e -> assertThat(e.getKv().getKey().toStringUtf8()).isEqualTo("w/" + r.getWatchId()));
            ids.add(r.getWatchId());
        }
        assertThat(ids).hasSize(n);
    }

    @Test
    void manyStreamsEachGetEveryEvent() throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Client c = open(-1);
            c.send(create(WatchCreateRequest.newBuilder().setKey(bs("m/")).setRangeEnd(bs("m0"))));
            clients.add(c);
        }
        for (Client c : clients) {
            assertThat(c.next().getCreated()).isTrue();
        }
        List<Long> revs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            revs.add(kv.put(Ops.putReq("m/" + i, "v")).getHeader().getRevision());
        }
        for (Client c : clients) {
            List<Long> seen = new ArrayList<>();
            while (seen.size() < revs.size()) {
                c.next().getEventsList().forEach(e -> seen.add(e.getKv().getModRevision()));
            }
            assertThat(seen).containsExactlyElementsOf(revs);
        }
    }
}
