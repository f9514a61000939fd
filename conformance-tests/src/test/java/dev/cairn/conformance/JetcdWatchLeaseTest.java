package dev.cairn.conformance;

import static dev.cairn.conformance.JetcdCalls.WAIT_SECONDS;
import static dev.cairn.conformance.JetcdCalls.await;
import static dev.cairn.conformance.JetcdCalls.bs;
import static dev.cairn.conformance.JetcdCalls.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jetcd 0.8.5 watches and leases against each target: replay from a revision with previous
 * values, live events after a created notification, compaction, grant / keep-alive / time-to-live
 * / revoke, and the DELETE events a revoke or an expiry produces. Expected values are etcd's
 * documented behaviour; running the same assertions against etcd keeps them honest. Every wait
 * is bounded and waits for something the test caused.
 */
class JetcdWatchLeaseTest {

    static Stream<Target> targets() {
        return Target.selected().stream();
    }

    /** The gRPC status a failed call completes with (jetcd may wrap it in EtcdException). */
    private static Status.Code failureCode(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        Throwable cause = thrown.getCause();
        if (cause instanceof StatusRuntimeException status) {
            return status.getStatus().getCode();
        }
        if (cause instanceof EtcdException etcd) {
            return Status.Code.valueOf(etcd.getErrorCode().name());
        }
        throw new AssertionError("expected a gRPC status error, got " + thrown, thrown);
    }

    private static String failureText(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        Throwable cause = thrown == null ? null : thrown.getCause();
        return cause == null ? String.valueOf(thrown) : String.valueOf(cause.getMessage());
    }

    private record Session(ServerProcess server, Client client) implements AutoCloseable {
        static Session open(Target target, String label) {
            ServerProcess server = ServerProcess.start(target, label, null);
            try {
                return new Session(
                        server,
                        Client.builder()
                                .endpoints(server.endpoint())
                                .connectTimeout(Duration.ofSeconds(5))
                                .retryMaxDuration(Duration.ofSeconds(10))
                                .build());
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }

        KV kv() {
            return client.getKVClient();
        }

        Lease lease() {
            return client.getLeaseClient();
        }

        Watch watch() {
            return client.getWatchClient();
        }

        @Override
        public void close() {
            try {
                client.close();
            } finally {
                server.close();
            }
        }
    }

    /** What a watcher delivered: responses, an error, or completion, in order. */
    private static final class Recorder implements Watch.Listener {
        private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();

        @Override
        public void onNext(WatchResponse response) {
            items.add(response);
        }

        @Override
        public void onError(Throwable throwable) {
            items.add(throwable);
        }

        @Override
        public void onCompleted() {
            items.add("completed");
        }

        Object next() {
            try {
                Object item = items.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (item == null) {
                    throw new AssertionError("nothing from the watcher within " + WAIT_SECONDS + " s");
                }
                return item;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        WatchResponse nextResponse() {
            Object item = next();
            if (item instanceof WatchResponse r) {
                return r;
            }
            throw new AssertionError("expected a watch response, got " + item);
        }

        /** Events until {@code count} arrived (responses may carry several). */
        List<WatchEvent> events(int count) {
            List<WatchEvent> out = new ArrayList<>();
            while (out.size() < count) {
                WatchResponse r = nextResponse();
                if (!r.isCreatedNotify() && !r.isProgressNotify()) {
                    out.addAll(r.getEvents());
                }
            }
            assertThat(out).as("events beyond the expected ones").hasSize(count);
            return out;
        }

        /** Waits for the created notification (the watch is registered when it arrives). */
        void awaitCreated() {
            WatchResponse r = nextResponse();
            assertThat(r.isCreatedNotify())
                    .as("first response is the created notification")
                    .isTrue();
        }
    }

    private static String describe(WatchEvent e) {
        String prev = e.getPrevKV() == null || e.getPrevKV().getKey().isEmpty()
                ? "-"
                : str(e.getPrevKV().getKey()) + "=" + str(e.getPrevKV().getValue()) + "@"
                        + e.getPrevKV().getModRevision();
        return e.getEventType() + " " + str(e.getKeyValue().getKey()) + "="
                + str(e.getKeyValue().getValue()) + " c"
                + e.getKeyValue().getCreateRevision() + " m" + e.getKeyValue().getModRevision() + " v"
                + e.getKeyValue().getVersion() + " prev " + prev;
    }

    @ParameterizedTest
    @MethodSource("targets")
    void watchReplaysFromRevisionWithPrevKvThenGoesLive(Target target) {
        try (Session s = Session.open(target, "jetcd-watch-history")) {
            await(s.kv().put(bs("a"), bs("1"))); // 2
            await(s.kv().put(bs("a"), bs("2"))); // 3
            await(s.kv().put(bs("b"), bs("x"))); // 4
            await(s.kv().delete(bs("a"))); // 5
            await(s.kv().put(bs("a"), bs("3"))); // 6

            Recorder rec = new Recorder();
            try (Watch.Watcher w = s.watch()
                    .watch(
                            bs("a"),
                            WatchOption.builder()
                                    .withRevision(2)
                                    .withPrevKV(true)
                                    .build(),
                            rec)) {
                assertThat(rec.events(4))
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly(
                                "PUT a=1 c2 m2 v1 prev -",
                                "PUT a=2 c2 m3 v2 prev a=1@2",
                                "DELETE a= c0 m5 v0 prev a=2@3",
                                "PUT a=3 c6 m6 v1 prev -");

                // the replay is complete, so these arrive live, one response per revision
                await(s.kv().put(bs("a"), bs("4"))); // 7
                await(s.kv().put(bs("b"), bs("y"))); // 8, not watched
                await(s.kv().delete(bs("a"))); // 9
                WatchResponse put = rec.nextResponse();
                assertThat(put.getHeader().getRevision()).isEqualTo(7);
                assertThat(put.getEvents())
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("PUT a=4 c6 m7 v2 prev a=3@6");
                WatchResponse del = rec.nextResponse();
                assertThat(del.getHeader().getRevision()).isEqualTo(9);
                assertThat(del.getEvents())
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("DELETE a= c0 m9 v0 prev a=4@7");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void prefixWatchFromNowAfterCreatedNotify(Target target) {
        try (Session s = Session.open(target, "jetcd-watch-live")) {
            await(s.kv().put(bs("p/old"), bs("0"))); // 2, before the watch: not delivered
            Recorder rec = new Recorder();
            try (Watch.Watcher w = s.watch()
                    .watch(
                            bs("p/"),
                            WatchOption.builder()
                                    .isPrefix(true)
                                    .withCreateNotify(true)
                                    .build(),
                            rec)) {
                rec.awaitCreated();
                await(s.kv().put(bs("p/1"), bs("a"))); // 3
                await(s.kv().put(bs("q"), bs("b"))); // 4
                await(s.kv().put(bs("p/1"), bs("c"))); // 5
                await(s.kv().delete(
                                bs("p/"),
                                io.etcd.jetcd.options.DeleteOption.builder()
                                        .isPrefix(true)
                                        .build())); // 6: p/1 and p/old in one revision
                assertThat(rec.events(4))
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly(
                                "PUT p/1=a c3 m3 v1 prev -",
                                "PUT p/1=c c3 m5 v2 prev -",
                                "DELETE p/1= c0 m6 v0 prev -",
                                "DELETE p/old= c0 m6 v0 prev -");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void watchFromCompactedRevisionFails(Target target) {
        try (Session s = Session.open(target, "jetcd-watch-compacted")) {
            for (int i = 1; i <= 4; i++) {
                await(s.kv().put(bs("c"), bs("v" + i))); // 2..5
            }
            await(s.kv().compact(4));
            Recorder rec = new Recorder();
            try (Watch.Watcher w = s.watch()
                    .watch(bs("c"), WatchOption.builder().withRevision(2).build(), rec)) {
                Object item = rec.next();
                assertThat(item).isInstanceOf(CompactedException.class);
                assertThat(((CompactedException) item).getCompactedRevision()).isEqualTo(4);
            }
            // the value before revision 4 (at 3) was compacted away: that event comes without prev_kv
            Recorder ok = new Recorder();
            try (Watch.Watcher w = s.watch()
                    .watch(
                            bs("c"),
                            WatchOption.builder()
                                    .withRevision(4)
                                    .withPrevKV(true)
                                    .build(),
                            ok)) {
                assertThat(ok.events(2))
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("PUT c=v3 c2 m4 v3 prev -", "PUT c=v4 c2 m5 v4 prev c=v3@4");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void leaseGrantKeepAliveTimeToLiveRevoke(Target target) throws Exception {
        try (Session s = Session.open(target, "jetcd-lease")) {
            LeaseGrantResponse grant = await(s.lease().grant(60));
            long id = grant.getID();
            assertThat(id).isPositive();
            assertThat(grant.getTTL()).isEqualTo(60);

            await(s.kv().put(
                            bs("l/1"),
                            bs("a"),
                            PutOption.builder().withLeaseId(id).build())); // 2
            await(s.kv().put(
                            bs("l/2"),
                            bs("b"),
                            PutOption.builder().withLeaseId(id).build())); // 3
            await(s.kv().put(bs("other"), bs("c"))); // 4
            assertThat(await(s.kv().get(bs("l/1"))).getKvs().get(0).getLease()).isEqualTo(id);

            LeaseTimeToLiveResponse ttl = await(s.lease()
                    .timeToLive(id, LeaseOption.builder().withAttachedKeys().build()));
            assertThat(ttl.getID()).isEqualTo(id);
            assertThat(ttl.getGrantedTTL()).isEqualTo(60);
            assertThat(ttl.getTTL()).isBetween(1L, 60L);
            assertThat(ttl.getKeys()).extracting(JetcdCalls::str).containsExactlyInAnyOrder("l/1", "l/2");

            LeaseKeepAliveResponse once = await(s.lease().keepAliveOnce(id));
            assertThat(once.getID()).isEqualTo(id);
            assertThat(once.getTTL()).isEqualTo(60);

            LinkedBlockingQueue<Object> kept = new LinkedBlockingQueue<>();
            try (CloseableClient keepAlive = s.lease().keepAlive(id, new StreamObserver<>() {
                @Override
                public void onNext(LeaseKeepAliveResponse value) {
                    kept.add(value);
                }

                @Override
                public void onError(Throwable t) {
                    kept.add(t);
                }

                @Override
                public void onCompleted() {
                    kept.add("completed");
                }
            })) {
                Object first = kept.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(first).isInstanceOf(LeaseKeepAliveResponse.class);
                assertThat(((LeaseKeepAliveResponse) first).getTTL()).isEqualTo(60);
            }

            Recorder rec = new Recorder();
            try (Watch.Watcher w = s.watch()
                    .watch(
                            bs("l/"),
                            WatchOption.builder()
                                    .isPrefix(true)
                                    .withRevision(5)
                                    .withPrevKV(true)
                                    .build(),
                            rec)) {
                await(s.lease().revoke(id)); // 5: both keys in one revision
                WatchResponse deleted = rec.nextResponse();
                assertThat(deleted.getEvents())
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("DELETE l/1= c0 m5 v0 prev l/1=a@2", "DELETE l/2= c0 m5 v0 prev l/2=b@3");
            }
            assertThat(await(s.kv().get(
                                            bs("l/"),
                                            io.etcd.jetcd.options.GetOption.builder()
                                                    .isPrefix(true)
                                                    .build()))
                            .getKvs())
                    .isEmpty();
            assertThat(await(s.kv().get(bs("other"))).getKvs()).hasSize(1);

            LeaseTimeToLiveResponse gone =
                    await(s.lease().timeToLive(id, LeaseOption.builder().build()));
            assertThat(gone.getTTL()).isEqualTo(-1);
            assertThat(failureCode(s.lease().revoke(id))).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(failureText(s.lease().revoke(id))).contains("etcdserver: requested lease not found");
            assertThat(failureCode(s.kv().put(
                                    bs("x"),
                                    bs("y"),
                                    PutOption.builder().withLeaseId(id).build())))
                    .isEqualTo(Status.Code.NOT_FOUND);
            assertThat(await(s.lease().grant(9_000_000_000L)).getTTL()).isEqualTo(9_000_000_000L);
            assertThat(failureCode(s.lease().grant(9_000_000_001L))).isEqualTo(Status.Code.OUT_OF_RANGE);
        }
    }

    /** A lease nobody keeps alive expires on its own; its keys go with DELETE events. */
    @ParameterizedTest
    @MethodSource("targets")
    void expiredLeaseDeletesItsKeys(Target target) {
        try (Session s = Session.open(target, "jetcd-lease-expiry")) {
            long id = await(s.lease().grant(3)).getID();
            await(s.kv().put(
                            bs("e/1"),
                            bs("a"),
                            PutOption.builder().withLeaseId(id).build())); // 2
            await(s.kv().put(
                            bs("e/2"),
                            bs("b"),
                            PutOption.builder().withLeaseId(id).build())); // 3
            Recorder rec = new Recorder();
            try (Watch.Watcher w = s.watch()
                    .watch(
                            bs("e/"),
                            WatchOption.builder()
                                    .isPrefix(true)
                                    .withRevision(4)
                                    .withPrevKV(true)
                                    .build(),
                            rec)) {
                // bounded by Recorder's wait (30 s), far above the 3 s TTL
                WatchResponse expired = rec.nextResponse();
                assertThat(expired.getEvents())
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("DELETE e/1= c0 m4 v0 prev e/1=a@2", "DELETE e/2= c0 m4 v0 prev e/2=b@3");
            }
            assertThat(await(s.lease().timeToLive(id, LeaseOption.builder().build()))
                            .getTTL())
                    .isEqualTo(-1);
        }
    }

    /** NOPUT and NODELETE filters; a response left empty by a filter is not sent at all. */
    @ParameterizedTest
    @MethodSource("targets")
    void filtersDropEventsAndEmptyResponses(Target target) {
        try (Session s = Session.open(target, "jetcd-watch-filters")) {
            await(s.kv().put(bs("f"), bs("1"))); // 2
            await(s.kv().delete(bs("f"))); // 3
            await(s.kv().put(bs("f"), bs("2"))); // 4
            await(s.kv().delete(bs("f"))); // 5
            Recorder noPut = new Recorder();
            Recorder noDelete = new Recorder();
            try (Watch.Watcher a = s.watch()
                            .watch(
                                    bs("f"),
                                    WatchOption.builder()
                                            .withRevision(2)
                                            .withNoPut(true)
                                            .build(),
                                    noPut);
                    Watch.Watcher b = s.watch()
                            .watch(
                                    bs("f"),
                                    WatchOption.builder()
                                            .withRevision(2)
                                            .withNoDelete(true)
                                            .build(),
                                    noDelete)) {
                assertThat(noPut.events(2))
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("DELETE f= c0 m3 v0 prev -", "DELETE f= c0 m5 v0 prev -");
                assertThat(noDelete.events(2))
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("PUT f=1 c2 m2 v1 prev -", "PUT f=2 c4 m4 v1 prev -");
                // live: the put reaches only noDelete, the delete only noPut; nothing empty arrives
                await(s.kv().put(bs("f"), bs("3"))); // 6
                await(s.kv().delete(bs("f"))); // 7
                assertThat(noDelete.nextResponse().getEvents())
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("PUT f=3 c6 m6 v1 prev -");
                assertThat(noPut.nextResponse().getEvents())
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("DELETE f= c0 m7 v0 prev -");
                // the next responses hold the next matching events: no empty response came between
                await(s.kv().put(bs("f"), bs("4"))); // 8
                await(s.kv().delete(bs("f"))); // 9
                assertThat(noDelete.nextResponse().getEvents())
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("PUT f=4 c8 m8 v1 prev -");
                assertThat(noPut.nextResponse().getEvents())
                        .extracting(JetcdWatchLeaseTest::describe)
                        .containsExactly("DELETE f= c0 m9 v0 prev -");
            }
        }
    }

    /**
     * After a clean restart the lease is still there with its keys (etcd renews every lease to a
     * full TTL when it becomes leader), revoking it still deletes them, and a watch replays the
     * history written before the restart.
     */
    @ParameterizedTest
    @MethodSource("targets")
    void leasesAndHistorySurviveRestart(Target target) {
        ServerProcess server = ServerProcess.start(target, "jetcd-lease-restart", null);
        try (server) {
            long id;
            try (Client client = Client.builder().endpoints(server.endpoint()).build()) {
                id = await(client.getLeaseClient().grant(600)).getID();
                await(client.getKVClient()
                        .put(
                                bs("r/1"),
                                bs("a"),
                                PutOption.builder().withLeaseId(id).build())); // 2
                await(client.getKVClient()
                        .put(
                                bs("r/1"),
                                bs("b"),
                                PutOption.builder().withLeaseId(id).build())); // 3
            }
            server.stop();
            server.restart();
            try (Client client = Client.builder()
                    .endpoints(server.endpoint())
                    .connectTimeout(Duration.ofSeconds(5))
                    .retryMaxDuration(Duration.ofSeconds(10))
                    .build()) {
                LeaseTimeToLiveResponse ttl = await(client.getLeaseClient()
                        .timeToLive(id, LeaseOption.builder().withAttachedKeys().build()));
                assertThat(ttl.getGrantedTTL()).isEqualTo(600);
                assertThat(ttl.getTTL()).isBetween(1L, 600L);
                assertThat(ttl.getKeys()).extracting(JetcdCalls::str).containsExactly("r/1");

                Recorder rec = new Recorder();
                try (Watch.Watcher w = client.getWatchClient()
                        .watch(
                                bs("r/"),
                                WatchOption.builder()
                                        .isPrefix(true)
                                        .withRevision(2)
                                        .withPrevKV(true)
                                        .build(),
                                rec)) {
                    assertThat(rec.events(2))
                            .extracting(JetcdWatchLeaseTest::describe)
                            .containsExactly("PUT r/1=a c2 m2 v1 prev -", "PUT r/1=b c2 m3 v2 prev r/1=a@2");
                    await(client.getLeaseClient().revoke(id)); // 4
                    assertThat(rec.events(1))
                            .extracting(JetcdWatchLeaseTest::describe)
                            .containsExactly("DELETE r/1= c0 m4 v0 prev r/1=b@3");
                }
            }
        }
    }

    /**
     * A watcher catching up over 1,500 revisions gets every event once, in revision order, in
     * responses of at most 1,000 revisions each (etcd's watchBatchMaxRevs).
     */
    @ParameterizedTest
    @MethodSource("targets")
    void catchUpComesInBatchesOfAtMost1000Revisions(Target target) {
        try (Session s = Session.open(target, "jetcd-watch-batches")) {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                puts.add(s.kv().put(bs("bulk/" + (i % 7)), bs("v" + i)));
            }
            await(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));
            Recorder rec = new Recorder();
            try (Watch.Watcher w = s.watch()
                    .watch(
                            bs("bulk/"),
                            WatchOption.builder().isPrefix(true).withRevision(2).build(),
                            rec)) {
                List<Long> revisions = new ArrayList<>();
                List<Integer> revisionsPerResponse = new ArrayList<>();
                while (revisions.size() < 1500) {
                    WatchResponse r = rec.nextResponse();
                    List<Long> batch = r.getEvents().stream()
                            .map(e -> e.getKeyValue().getModRevision())
                            .toList();
                    revisionsPerResponse.add((int) batch.stream().distinct().count());
                    revisions.addAll(batch);
                }
                assertThat(revisions)
                        .as("every revision once, in order")
                        .isSorted()
                        .doesNotHaveDuplicates();
                assertThat(revisions).hasSize(1500).startsWith(2L).endsWith(1501L);
                assertThat(revisionsPerResponse)
                        .as("revisions per catch-up response")
                        .allSatisfy(n -> assertThat(n).isBetween(1, 1000));
            }
        }
    }

    /**
     * etcd's server-chosen lease IDs come from its request-ID generator (member bits, time,
     * counter), so they increase in grant order, and lock and election keys ({@code
     * name/<lease hex>}) sort in grant order.
     */
    @ParameterizedTest
    @MethodSource("targets")
    void serverChosenLeaseIdsIncrease(Target target) {
        try (Session s = Session.open(target, "jetcd-lease-ids")) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(await(s.lease().grant(60)).getID());
            }
            assertThat(ids).isSorted().doesNotHaveDuplicates();
        }
    }
}
