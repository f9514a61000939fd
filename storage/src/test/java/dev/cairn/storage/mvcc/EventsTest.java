package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.proto.mvccpb.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ReadView#events}: ranges, the whole-revision rule, clamping, compaction, and equality with
 * what the commit feed delivered for a seeded random history (also after compaction and reopen).
 */
class EventsTest {
    @TempDir
    Path dir;

    private static List<Event> events(MvccStore store, long from, long to, int max) {
        try (ReadView view = store.read()) {
            return view.events(from, to, max);
        }
    }

    private static List<Long> revisions(List<Event> events) {
        return events.stream().map(e -> e.getKv().getModRevision()).toList();
    }

    /** Revisions 2..6: put a; put a, b; del a; put b, c, d; put a. */
    private static void small(MvccStore store) {
        Fixtures.put(store, "a", "1");
        join(store.write(txn -> {
            txn.put(b("a"), b("2"), 0);
            txn.put(b("b"), b("1"), 0);
            return 0;
        }));
        Fixtures.delete(store, "a", "");
        join(store.write(txn -> {
            txn.put(b("b"), b("2"), 0);
            txn.put(b("c"), b("1"), 0);
            txn.put(b("d"), b("1"), 0);
            return 0;
        }));
        Fixtures.put(store, "a", "3");
    }

    @Test
    void rangesWholeRevisionsAndClamping() {
        try (MvccStore store = MvccStores.open(dir)) {
            small(store);
            assertThat(revisions(events(store, 1, 6, 100))).containsExactly(2L, 3L, 3L, 4L, 5L, 5L, 5L, 6L);
            assertThat(revisions(events(store, 0, Long.MAX_VALUE, 100))).hasSize(8);
            assertThat(revisions(events(store, 3, 4, 100))).containsExactly(3L, 3L, 4L);
            assertThat(revisions(events(store, 5, 5, 100))).containsExactly(5L, 5L, 5L);
            assertThat(revisions(events(store, 7, 100, 100))).isEmpty();
            assertThat(revisions(events(store, 5, 4, 100))).isEmpty();
            // maxEvents: stop after the revision at which the count reached it, never inside one
            assertThat(revisions(events(store, 2, 6, 1))).containsExactly(2L);
            assertThat(revisions(events(store, 2, 6, 2))).containsExactly(2L, 3L, 3L);
            assertThat(revisions(events(store, 2, 6, 3))).containsExactly(2L, 3L, 3L);
            assertThat(revisions(events(store, 2, 6, 4))).containsExactly(2L, 3L, 3L, 4L);
            assertThat(revisions(events(store, 2, 6, 5))).containsExactly(2L, 3L, 3L, 4L, 5L, 5L, 5L);
            assertThat(revisions(events(store, 5, 6, 1))).containsExactly(5L, 5L, 5L);
            assertThatThrownBy(() -> events(store, 1, 6, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void eventShapes() {
        try (MvccStore store = MvccStores.open(dir)) {
            small(store);
            assertThat(CommitListenerTest.describe(events(store, 3, 4, 100)))
                    .isEqualTo(
                            "PUT a=2 c2 m3 v2 (prev a=1 c2 m2 v1), PUT b=1 c3 m3 v1, DELETE a= c0 m4 v0 (prev a=2 c2 m3 v2)");
            assertThat(CommitListenerTest.describe(events(store, 6, 6, 100))).isEqualTo("PUT a=3 c6 m6 v1");
        }
    }

    @Test
    void writeTxnSeesItsOwnEvents() {
        try (MvccStore store = MvccStores.open(dir)) {
            Fixtures.put(store, "a", "1");
            String seen = join(store.write(txn -> {
                txn.put(b("a"), b("2"), 0);
                return CommitListenerTest.describe(txn.events(1, 100, 100));
            }));
            assertThat(seen).isEqualTo("PUT a=1 c2 m2 v1, PUT a=2 c2 m3 v2 (prev a=1 c2 m2 v1)");
        }
    }

    @Test
    void compactedRevisions() {
        try (MvccStore store = MvccStores.open(dir)) {
            small(store);
            join(join(store.compact(4)).physicalDone());
            assertThatThrownBy(() -> events(store, 3, 6, 100)).isInstanceOf(CompactedException.class);
            // etcd keeps only the newest non-deleted version at or below C: the delete of a at 4 is gone
            assertThat(events(store, 4, 6, 100)).isEqualTo(events(store, 5, 6, 100));
            assertThat(CommitListenerTest.describe(events(store, 5, 6, 100)))
                    .isEqualTo(
                            "PUT b=2 c3 m5 v2 (prev b=1 c3 m3 v1), PUT c=1 c5 m5 v1, PUT d=1 c5 m5 v1, PUT a=3 c6 m6 v1");
        }
    }

    /** A put at C that survives compaction keeps its event, without the older prev_kv. */
    @Test
    void eventAtTheCompactRevisionItself() {
        try (MvccStore store = MvccStores.open(dir)) {
            small(store);
            join(join(store.compact(5)).physicalDone());
            assertThat(CommitListenerTest.describe(events(store, 5, 5, 100)))
                    .isEqualTo("PUT b=2 c3 m5 v2, PUT c=1 c5 m5 v1, PUT d=1 c5 m5 v1");
        }
    }

    /**
     * The event at C itself has no prev_kv as soon as the compaction is logical, even while the
     * older version is still on disk (etcd reads prev_kv at C - 1, which is compacted): physical
     * compaction is made to fail here so the old version stays.
     */
    @Test
    void eventAtTheCompactRevisionBeforePhysicalCompaction() {
        StoreConfig.CompactionFaults crash = (rev, batch) -> {
            throw new IllegalStateException("simulated crash in batch " + batch);
        };
        try (RocksMvccStore store =
                RocksMvccStore.open(dir, StoreConfig.defaults().withCompaction(1, crash))) {
            small(store);
            MvccStore.Compaction compaction = join(store.compact(5));
            assertThatThrownBy(() -> join(compaction.physicalDone())).hasMessageContaining("simulated crash");
            assertThat(CommitListenerTest.describe(events(store, 5, 5, 100)))
                    .isEqualTo("PUT b=2 c3 m5 v2, PUT c=1 c5 m5 v1, PUT d=1 c5 m5 v1");
        }
    }

    /**
     * prev_kv of a change above C is the key's newest version below it. When that version is at or
     * below C, compaction keeps it (it is the newest <= C), unless it is a tombstone, in which case
     * there is no prev_kv anyway.
     */
    @Test
    void compactionKeepsThePrevKvOfLaterChanges() {
        try (MvccStore store = MvccStores.open(dir)) {
            Fixtures.put(store, "a", "1"); // 2
            Fixtures.put(store, "a", "2"); // 3: newest a <= C
            Fixtures.put(store, "t", "1"); // 4
            Fixtures.delete(store, "t", ""); // 5: newest t <= C is a tombstone
            Fixtures.put(store, "x", "1"); // 6 = C
            Fixtures.put(store, "a", "3"); // 7
            Fixtures.put(store, "t", "2"); // 8
            Fixtures.delete(store, "a", ""); // 9
            List<Event> before = events(store, 7, 9, 100);
            join(join(store.compact(6)).physicalDone());
            assertThat(events(store, 7, 9, 100)).isEqualTo(before);
            assertThat(CommitListenerTest.describe(before))
                    .isEqualTo("PUT a=3 c2 m7 v3 (prev a=2 c2 m3 v2), PUT t=2 c8 m8 v1,"
                            + " DELETE a= c0 m9 v0 (prev a=3 c2 m7 v3)");
            assertThat(CommitListenerTest.describe(events(store, 6, 6, 100))).isEqualTo("PUT x=1 c6 m6 v1");
        }
    }

    /** Between batches of an interrupted physical compaction, revisions above C read the same. */
    @Test
    void eventsAboveCDuringAnInterruptedCompaction() {
        StoreConfig.CompactionFaults crash = (rev, batch) -> {
            if (batch == 2) {
                throw new IllegalStateException("simulated crash after batch " + batch);
            }
        };
        Map<Long, List<Event>> fed = new TreeMap<>();
        try (RocksMvccStore store =
                RocksMvccStore.open(dir, StoreConfig.defaults().withCompaction(1, crash))) {
            store.addCommitListener(fed::put);
            small(store);
            Fixtures.put(store, "b", "3");
            Fixtures.delete(store, "c", "");
            MvccStore.Compaction compaction = join(store.compact(5));
            assertThatThrownBy(() -> join(compaction.physicalDone())).hasMessageContaining("simulated crash");
            assertThat(events(store, 6, 8, 100)).isEqualTo(flatten(fed, 6, 8));
        }
        try (MvccStore store = MvccStores.open(dir)) {
            join(((RocksMvccStore) store).physicalCompaction());
            assertThat(events(store, 6, 8, 100)).isEqualTo(flatten(fed, 6, 8));
        }
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 8).boxed();
    }

    /**
     * A seeded random history: events() over every window equals what the feed delivered; after
     * compaction at C every revision above C still does (prev_kv included), and so after reopen.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void equalsTheFeedForARandomHistory(long seed) {
        Random random = new Random(seed);
        Map<Long, List<Event>> fed = new TreeMap<>();
        long last;
        try (MvccStore store = MvccStores.open(dir)) {
            store.addCommitListener((rev, events) -> fed.put(rev, events));
            for (int i = 0; i < 120; i++) {
                int changes = 1 + random.nextInt(3);
                join(store.write(txn -> {
                    for (int c = 0; c < changes; c++) {
                        String key = "k" + random.nextInt(8);
                        if (random.nextInt(4) == 0) {
                            String end = random.nextBoolean() ? "" : "k" + (1 + random.nextInt(9));
                            txn.deleteRange(b(key), b(end));
                        } else {
                            txn.put(b(key), b("v" + random.nextInt(100)), random.nextInt(3));
                        }
                    }
                    return 0;
                }));
            }
            last = Fixtures.currentRevision(store);
            assertThat(flatten(fed, 1, last)).isEqualTo(events(store, 1, last, Integer.MAX_VALUE));
            for (int w = 0; w < 20; w++) {
                long from = 1 + random.nextInt((int) last);
                long to = from + random.nextInt(20);
                int max = 1 + random.nextInt(10);
                List<Event> got = events(store, from, to, max);
                assertThat(got).isEqualTo(wholeRevisions(fed, from, Math.min(to, last), max));
            }
            long compact = 2 + random.nextInt((int) last - 2);
            join(join(store.compact(compact)).physicalDone());
            assertThat(events(store, compact + 1, last, Integer.MAX_VALUE)).isEqualTo(flatten(fed, compact + 1, last));
            assertThat(keysAt(events(store, compact, compact, Integer.MAX_VALUE)))
                    .isSubsetOf(keysAt(fed.getOrDefault(compact, List.of())));
        }
        try (MvccStore store = MvccStores.open(dir)) {
            long compact = Fixtures.compactRevision(store);
            assertThat(events(store, compact + 1, last, Integer.MAX_VALUE)).isEqualTo(flatten(fed, compact + 1, last));
        }
    }

    private static List<String> keysAt(List<Event> events) {
        return events.stream()
                .map(e -> e.getType() + " " + Fixtures.s(e.getKv().getKey()))
                .toList();
    }

    private static List<Event> flatten(Map<Long, List<Event>> fed, long from, long to) {
        List<Event> out = new ArrayList<>();
        fed.forEach((rev, events) -> {
            if (rev >= from && rev <= to) {
                out.addAll(events);
            }
        });
        return out;
    }

    private static List<Event> wholeRevisions(Map<Long, List<Event>> fed, long from, long to, int max) {
        List<Event> out = new ArrayList<>();
        for (var entry : fed.entrySet()) {
            if (entry.getKey() < from || entry.getKey() > to) {
                continue;
            }
            if (out.size() >= max) {
                break;
            }
            out.addAll(entry.getValue());
        }
        return out;
    }
}
