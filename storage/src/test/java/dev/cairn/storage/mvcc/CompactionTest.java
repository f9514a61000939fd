package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.all;
import static dev.cairn.storage.mvcc.Fixtures.describe;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Compaction (etcd-wire-facts 2.6): for every compact revision C of a small history, reads below C
 * fail, reads at C and above are unchanged, and exactly the versions a model predicts survive on
 * disk. Also: errors, reopen, and an interrupted physical compaction resuming at open.
 */
class CompactionTest {
    @TempDir
    Path dir;

    /** The history: one write per revision 2..10. */
    private static final String[] STEPS = {
        "put a 1", "put b 1", "put a 2", "del b", "put c 1", "put a 3", "put b 2", "del c", "put a 4; put d 1; del a"
    };

    private static final long LAST = STEPS.length + 1L;

    static Stream<Long> compactRevisions() {
        return LongStream.rangeClosed(2, LAST).boxed();
    }

    private static void load(MvccStore store) {
        for (String step : STEPS) {
            join(store.write(txn -> {
                RevisionRulesTest.apply(txn, step);
                return 0;
            }));
        }
    }

    private static Map<Long, List<String>> snapshots(MvccStore store) {
        Map<Long, List<String>> out = new HashMap<>();
        for (long r = 1; r <= LAST; r++) {
            out.put(r, describe(all(store, r)));
        }
        return out;
    }

    @ParameterizedTest(name = "compact at {0}")
    @MethodSource("compactRevisions")
    void compactKeepsNewestAtOrBelowAndEverythingAbove(long c) {
        Map<Long, List<String>> before;
        List<String> expectedOnDisk;
        StoreConfig config = StoreConfig.defaults().withCompaction(2, StoreConfig.CompactionFaults.NONE);
        try (RocksMvccStore store = RocksMvccStore.open(dir, config)) {
            load(store);
            before = snapshots(store);
            expectedOnDisk = survivors(store, c);

            MvccStore.Compaction compaction = join(store.compact(c));
            assertThat(compaction.revision()).isEqualTo(c);
            assertThat(Fixtures.compactRevision(store)).isEqualTo(c);
            join(compaction.physicalDone());

            assertReads(store, c, before);
            assertThat(onDisk(store)).containsExactlyElementsOf(expectedOnDisk);
            assertThatThrownBy(() -> join(store.compact(c))).isInstanceOf(CompactedException.class);
            assertThatThrownBy(() -> join(store.compact(c - 1))).isInstanceOf(CompactedException.class);
            assertThatThrownBy(() -> join(store.compact(LAST + 1))).isInstanceOf(FutureRevisionException.class);
        }
        try (RocksMvccStore store = RocksMvccStore.open(dir, StoreConfig.defaults())) {
            assertThat(Fixtures.compactRevision(store)).as("after reopen").isEqualTo(c);
            assertThat(Fixtures.currentRevision(store)).as("after reopen").isEqualTo(LAST);
            assertReads(store, c, before);
            assertThat(onDisk(store)).containsExactlyElementsOf(expectedOnDisk);
        }
    }

    private static void assertReads(MvccStore store, long c, Map<Long, List<String>> before) {
        for (long r = 1; r <= LAST; r++) {
            long rev = r;
            if (r < c) {
                assertThatThrownBy(() -> all(store, rev)).isInstanceOf(CompactedException.class);
            } else {
                assertThat(describe(all(store, r))).as("read at %d", r).isEqualTo(before.get(r));
            }
        }
        assertThatThrownBy(() -> all(store, LAST + 1)).isInstanceOf(FutureRevisionException.class);
    }

    @Test
    void interruptedPhysicalCompactionResumesAtOpen() {
        StoreConfig.CompactionFaults crash = (rev, batch) -> {
            throw new IllegalStateException("simulated crash after batch " + batch);
        };
        List<String> expected;
        Map<Long, List<String>> before;
        try (RocksMvccStore store =
                RocksMvccStore.open(dir, StoreConfig.defaults().withCompaction(1, crash))) {
            load(store);
            before = snapshots(store);
            expected = survivors(store, 8);
            int versions = onDisk(store).size();
            MvccStore.Compaction compaction = join(store.compact(8));
            assertThatThrownBy(() -> join(compaction.physicalDone())).hasMessageContaining("simulated crash");
            assertThat(onDisk(store)).hasSize(versions - 1); // one batch of one revision went
            assertThat(finishedCompactRevision(store)).isZero();
        }
        try (RocksMvccStore store = RocksMvccStore.open(dir, StoreConfig.defaults())) {
            assertThat(Fixtures.compactRevision(store)).isEqualTo(8);
            join(store.physicalCompaction());
            assertThat(onDisk(store)).containsExactlyElementsOf(expected);
            assertThat(finishedCompactRevision(store)).isEqualTo(8);
            assertReads(store, 8, before);
        }
    }

    @Test
    void compactionBoundsOnAFreshStore() {
        try (MvccStore store = MvccStores.open(dir)) {
            assertThatThrownBy(() -> join(store.compact(2))).isInstanceOf(FutureRevisionException.class);
            assertThatThrownBy(() -> join(store.compact(-1))).isInstanceOf(CompactedException.class);
            // etcd starts at compact revision -1, so a first Compact(0) succeeds.
            assertThat(Fixtures.compactRevision(store)).isEqualTo(-1);
            join(join(store.compact(0)).physicalDone());
            assertThat(Fixtures.compactRevision(store)).isZero();
            assertThatThrownBy(() -> join(store.compact(0))).isInstanceOf(CompactedException.class);
            MvccStore.Compaction first = join(store.compact(1));
            join(first.physicalDone());
            assertThat(Fixtures.compactRevision(store)).isEqualTo(1);
            assertThatThrownBy(() -> join(store.compact(1))).isInstanceOf(CompactedException.class);
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(Fixtures.compactRevision(store)).isEqualTo(1);
            assertThatThrownBy(() -> join(store.compact(1))).isInstanceOf(CompactedException.class);
        }
    }

    /**
     * The model: from the rev_index before compaction, keep every change above c and, per key,
     * the newest change at or below c unless it is a delete. Returned as "main.sub type key".
     */
    private static List<String> survivors(RocksMvccStore store, long c) {
        List<String> changes = onDisk(store);
        Map<String, String> newestAtOrBelow = new HashMap<>();
        for (String change : changes) {
            String[] w = change.split(" ");
            if (Long.parseLong(w[0].substring(0, w[0].indexOf('.'))) <= c) {
                newestAtOrBelow.put(w[2], change);
            }
        }
        List<String> kept = new ArrayList<>();
        for (String change : changes) {
            String[] w = change.split(" ");
            long main = Long.parseLong(w[0].substring(0, w[0].indexOf('.')));
            if (main > c || (change.equals(newestAtOrBelow.get(w[2])) && w[1].equals("put"))) {
                kept.add(change);
            }
        }
        return kept;
    }

    /**
     * The rev_index entries in revision order, checked against kv_history: both must hold the same
     * set of versions.
     */
    static List<String> onDisk(RocksMvccStore store) {
        Database db = store.database();
        List<String> revs = new ArrayList<>();
        try (RocksIterator it = db.db.newIterator(db.revIndex)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] v = it.value();
                revs.add(Schema.revMain(it.key()) + "." + Schema.revSub(it.key()) + " "
                        + (Schema.revValueType(v) == Schema.TYPE_PUT ? "put" : "del") + " "
                        + Fixtures.s(Schema.revValueKey(v)));
            }
        }
        TreeSet<String> history = new TreeSet<>();
        try (RocksIterator it = db.db.newIterator(db.history)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] k = it.key();
                history.add(Schema.historyMain(k) + "." + Schema.historySub(k) + " "
                        + (Schema.isTombstone(it.value()) ? "del" : "put") + " "
                        + Fixtures.s(Fixtures.kvOf(it.value()).getKey()));
            }
        }
        assertThat(history).as("kv_history matches rev_index").containsExactlyInAnyOrderElementsOf(revs);
        return revs;
    }

    private static long finishedCompactRevision(RocksMvccStore store) {
        try (ReadOptions options = new ReadOptions()) {
            return store.database().metaLong(options, Schema.META_FINISHED_COMPACT_REV, 0);
        }
    }
}
