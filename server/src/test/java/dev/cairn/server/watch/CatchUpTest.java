package dev.cairn.server.watch;

import static dev.cairn.server.watch.HubFixture.bs;
import static dev.cairn.server.watch.HubFixture.cancel;
import static dev.cairn.server.watch.HubFixture.create;
import static dev.cairn.server.watch.HubFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watchers behind the hub: history replay, batches, compaction, slow consumers. */
class CatchUpTest {
    @TempDir
    Path dir;

    @Test
    void pastStartRevisionReplaysHistoryThenGoesLive() {
        try (HubFixture f = new HubFixture(dir)) {
            long first = f.put("k", "1");
            f.put("other", "x");
            f.put("k", "2");
            long now = f.put("k", "3");
            HubFixture.Stream s = f.open();
            s.send(req(create("k").setStartRevision(first).setPrevKv(true)));
            assertThat(s.sink().next().getCreated()).isTrue();
            WatchResponse replay = s.sink().next();
            assertThat(replay.getHeader().getRevision()).isEqualTo(now);
            assertThat(replay.getEventsList())
                    .extracting(
                            e -> e.getKv().getValue().toStringUtf8(),
                            e -> e.getPrevKv().getValue().toStringUtf8())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("1", ""),
                            org.assertj.core.groups.Tuple.tuple("2", "1"),
                            org.assertj.core.groups.Tuple.tuple("3", "2"));
            long live = f.put("k", "4");
            WatchResponse next = s.sink().next();
            assertThat(next.getHeader().getRevision()).isEqualTo(live);
            assertThat(next.getEvents(0).getKv().getModRevision()).isEqualTo(live);
        }
    }

    @Test
    void catchUpSendsAtMostAThousandRevisionsPerResponseAndNeverSplitsOne() {
        WatchSettings s1000 = HubFixture.SETTINGS;
        assertThat(s1000.catchUpRevisions()).isEqualTo(1000);
        try (HubFixture f = new HubFixture(dir)) {
            List<java.util.concurrent.CompletableFuture<Long>> writes = new ArrayList<>();
            for (int i = 0; i < 2_300; i++) {
                ByteString a = bs("a" + i);
                ByteString b = bs("b" + i);
                writes.add(f.store.write(t -> {
                    t.put(bs("k"), a, 0);
                    t.put(bs("k2"), b, 0);
                    return t.writeRevision();
                }));
            }
            long last = HubFixture.await(writes.getLast());
            HubFixture.Stream s = f.open();
            s.send(req(create("k").setRangeEnd(bs("k3")).setStartRevision(2)));
            s.sink().next();
            f.settle();
            List<WatchResponse> rs = s.sink().drain();
            assertThat(rs).hasSize(3);
            for (WatchResponse r : rs) {
                assertThat(r.getHeader().getRevision()).isEqualTo(last);
                assertThat(r.getEventsList().stream()
                                .mapToLong(e -> e.getKv().getModRevision())
                                .distinct()
                                .count())
                        .isLessThanOrEqualTo(1000);
                assertThat(r.getEventsCount() % 2)
                        .as("both events of every txn together")
                        .isZero();
            }
            assertThat(revisions(rs)).containsExactlyElementsOf(twice(2, last));
        }
    }

    @Test
    void compactedStartIsCreatedThenCanceledWithTheCompactRevision() {
        try (HubFixture f = new HubFixture(dir)) {
            for (int i = 0; i < 5; i++) {
                f.put("k", "v" + i);
            }
            f.compact(4);
            HubFixture.Stream s = f.open();
            s.send(req(create("k").setStartRevision(3).setWatchId(9)));
            WatchResponse created = s.sink().next();
            assertThat(created.getCreated()).isTrue();
            assertThat(created.getCanceled()).isFalse();
            assertThat(s.sink().next())
                    .isEqualTo(WatchResponse.newBuilder()
                            .setHeader(s.sink().header(0))
                            .setWatchId(9)
                            .setCanceled(true)
                            .setCompactRevision(4)
                            .build());
            f.put("k", "after");
            f.settle();
            HubFixture.assertEmpty(s.sink());
            // at the compact revision itself the watch is allowed, as in etcd
            s.send(req(create("k").setStartRevision(4)));
            assertThat(s.sink().next().getCreated()).isTrue();
            assertThat(s.sink().next().getEventsList()).isNotEmpty();
        }
    }

    @Test
    void aCompactedWatcherKeepsItsIdUntilTheClientCancelsIt() {
        try (HubFixture f = new HubFixture(dir)) {
            for (int i = 0; i < 5; i++) {
                f.put("k", "v" + i);
            }
            f.compact(4);
            HubFixture.Stream s = f.open();
            s.send(req(create("k").setStartRevision(3))); // auto ID 0
            assertThat(s.sink().next().getCreated()).isTrue();
            assertThat(s.sink().next().getCompactRevision()).isEqualTo(4);
            s.send(req(create("k").setStartRevision(3).setWatchId(5)));
            assertThat(s.sink().next().getCreated()).isTrue();
            assertThat(s.sink().next().getCompactRevision()).isEqualTo(4);
            // as etcd: both IDs stay taken, for auto IDs and for a create naming one
            s.send(req(create("k")));
            assertThat(s.sink().next().getWatchId()).isEqualTo(1);
            s.send(req(create("k").setWatchId(5)));
            WatchResponse duplicate = s.sink().next();
            assertThat(duplicate.getCanceled()).isTrue();
            assertThat(duplicate.getCancelReason()).isEqualTo(CancelReasons.DUPLICATE_ID);
            // the client's cancel is confirmed and frees the ID
            s.send(cancel(5));
            WatchResponse canceled = s.sink().next();
            assertThat(canceled.getWatchId()).isEqualTo(5);
            assertThat(canceled.getCanceled()).isTrue();
            s.send(req(create("k").setStartRevision(4).setWatchId(5)));
            WatchResponse again = s.sink().next();
            assertThat(again.getCreated()).isTrue();
            assertThat(again.getCanceled()).isFalse();
        }
    }

    @Test
    void slowConsumerBecomesVictimAndLaterGetsEveryEventOnceInOrder() {
        try (HubFixture f = new HubFixture(dir, HubFixture.SETTINGS.withOutboxCapacity(4))) {
            HubFixture.Stream s = f.open();
            s.send(req(create("k").setPrevKv(true)));
            s.send(req(create("k").setRangeEnd(bs("l"))));
            s.sink().next();
            s.sink().next();
            s.sink().ready = false;
            List<Long> revs = f.putMany("k", 300);
            long first = revs.getFirst();
            long last = revs.getLast();
            f.settle();
            assertThat(s.sink().sent).isEmpty();
            List<WatchResponse> got = new ArrayList<>();
            while (got.stream().mapToInt(WatchResponse::getEventsCount).sum() < 600) {
                s.sink().ready = true;
                s.stream().onReady();
                f.settle();
                got.addAll(s.sink().drain());
            }
            for (long id : new long[] {0, 1}) {
                List<WatchResponse> mine =
                        got.stream().filter(r -> r.getWatchId() == id).toList();
                assertThat(revisions(mine))
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(first, last).boxed().toList());
            }
            long after = f.put("k", "live");
            WatchResponse live = s.sink().next();
            assertThat(live.getHeader().getRevision()).isEqualTo(after);
        }
    }

    @Test
    void aFullStreamStopsReadingRequestsUntilItDrains() {
        try (HubFixture f = new HubFixture(dir, HubFixture.SETTINGS.withOutboxCapacity(2))) {
            HubFixture.Stream s = f.open();
            s.sink().ready = false;
            int before = s.sink().requested.get();
            s.send(req(create("a")));
            s.send(req(create("b")));
            f.settle();
            assertThat(s.sink().requested.get()).isEqualTo(before + 1);
            s.sink().ready = true;
            s.stream().onReady();
            f.settle();
            assertThat(s.sink().requested.get()).isEqualTo(before + 2);
            assertThat(s.sink().drain()).extracting(WatchResponse::getWatchId).containsExactly(0L, 1L);
        }
    }

    @Test
    void replayKeepsPrevKvOnlyForTheWatchersThatAskedForIt() {
        try (HubFixture f = new HubFixture(dir)) {
            long first = f.put("k", "1");
            f.put("k", "2");
            f.put("k", "3");
            HubFixture.Stream s = f.open();
            s.send(req(create("k").setStartRevision(first).setPrevKv(true).setWatchId(1)));
            s.send(req(create("k").setStartRevision(first).setWatchId(2)));
            f.settle();
            List<WatchResponse> replays = s.sink().drain().stream()
                    .filter(r -> r.getEventsCount() > 0)
                    .toList();
            assertThat(replays).extracting(WatchResponse::getWatchId).containsExactlyInAnyOrder(1L, 2L);
            for (WatchResponse r : replays) {
                assertThat(r.getEventsList())
                        .extracting(e -> e.getPrevKv().getValue().toStringUtf8())
                        .containsExactlyElementsOf(r.getWatchId() == 1 ? List.of("", "1", "2") : List.of("", "", ""));
                if (r.getWatchId() == 2) {
                    assertThat(r.getEventsList()).noneMatch(e -> e.hasPrevKv());
                }
            }
        }
    }

    static List<Long> revisions(List<WatchResponse> rs) {
        return rs.stream()
                .flatMap(r -> r.getEventsList().stream())
                .map(Event::getKv)
                .map(kv -> kv.getModRevision())
                .toList();
    }

    static List<Long> twice(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long r = from; r <= to; r++) {
            out.add(r);
            out.add(r);
        }
        return out;
    }
}
