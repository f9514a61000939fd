package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.currentRevision;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static dev.cairn.storage.mvcc.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ReadOptions;

/** The raft applied index recorded in the same batch as the data it describes. */
class AppliedIndexTest {
    @TempDir
    Path dir;

    private static long durableIndex(RocksMvccStore store) {
        try (ReadOptions options = new ReadOptions()) {
            return store.database().metaLong(options, Schema.META_APPLIED_INDEX, 0);
        }
    }

    @Test
    void newStoreIsAtZeroAndTheIndexSurvivesReopen() {
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(store.appliedIndex()).isZero();
            long rev = join(store.write(5, txn -> {
                txn.put(b("k"), b("v"), 0);
                return txn.writeRevision();
            }));
            assertThat(rev).isEqualTo(2);
            assertThat(store.appliedIndex()).isEqualTo(5);
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(store.appliedIndex()).isEqualTo(5);
            assertThat(currentRevision(store)).isEqualTo(2);
        }
    }

    @Test
    void replicatedWritesAreReadableAtOnceSurviveReopenAndSyncNeedsAnOpenStore() {
        try (MvccStore store = MvccStores.open(dir)) {
            for (long i = 1; i <= 20; i++) {
                long index = i;
                join(store.write(index, txn -> {
                    txn.put(b("k" + index), b("v"), 0);
                    return index;
                }));
            }
            assertThat(currentRevision(store))
                    .as("an unsynced batch is visible")
                    .isEqualTo(21);
            store.sync();
            assertThat(store.appliedIndex()).isEqualTo(20);
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(store.appliedIndex()).isEqualTo(20);
            assertThat(currentRevision(store)).isEqualTo(21);
            store.close();
            assertThatThrownBy(store::sync).isInstanceOf(StorageException.class);
        }
    }

    @Test
    void aBodyThatChangesNothingStillRecordsTheIndexDurably() {
        try (RocksMvccStore store = RocksMvccStore.open(dir, StoreConfig.defaults())) {
            put(store, "k", "v");
            long commits = store.commits();
            join(store.write(3, txn -> txn.get(b("k"))));
            assertThat(store.commits())
                    .as("a batch with only the index is written")
                    .isEqualTo(commits + 1);
            assertThat(store.appliedIndex()).isEqualTo(3);
            assertThat(durableIndex(store)).isEqualTo(3);
            assertThat(currentRevision(store)).isEqualTo(2);
        }
    }

    @Test
    void aBodyThatThrowsIsRolledBackButItsIndexIsRecorded() {
        try (RocksMvccStore store = RocksMvccStore.open(dir, StoreConfig.defaults())) {
            put(store, "k", "v1");
            CompletableFuture<Object> failed = store.write(4, txn -> {
                txn.put(b("k"), b("v2"), 0);
                throw new IllegalStateException("request failed");
            });
            assertThatThrownBy(() -> join(failed))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("request failed");
            assertThat(store.appliedIndex()).isEqualTo(4);
            assertThat(durableIndex(store)).isEqualTo(4);
            assertThat(Fixtures.describe(Fixtures.all(store, 0))).containsExactly("k c=2 m=2 v=1 v1");
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(store.appliedIndex()).isEqualTo(4);
            assertThat(currentRevision(store)).isEqualTo(2);
        }
    }

    @Test
    void aDecreasingIndexFailsWithoutRunningTheBody() {
        try (MvccStore store = MvccStores.open(dir)) {
            join(store.write(7, txn -> txn.put(b("a"), b("1"), 0)));
            AtomicBoolean ran = new AtomicBoolean();
            assertThatThrownBy(() -> join(store.write(6, txn -> {
                        ran.set(true);
                        return txn.put(b("a"), b("2"), 0);
                    })))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("below");
            assertThat(ran).isFalse();
            assertThat(store.appliedIndex()).isEqualTo(7);
            // Equal is fine (one entry applied as several writes); write(body) leaves it alone.
            join(store.write(7, txn -> txn.put(b("b"), b("1"), 0)));
            put(store, "c", "1");
            assertThat(store.appliedIndex()).isEqualTo(7);
            assertThat(currentRevision(store)).isEqualTo(4);
            assertThatThrownBy(() -> store.write(-2, txn -> 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void indexesWithinOneGroupAreCheckedInSubmissionOrder() {
        try (RocksMvccStore store = RocksMvccStore.open(dir, StoreConfig.defaults())) {
            List<CompletableFuture<Long>> ok = new ArrayList<>();
            for (long i = 1; i <= 50; i++) {
                String key = "k" + i;
                ok.add(store.write(i, txn -> {
                    txn.put(b(key), b("v"), 0);
                    return txn.writeRevision();
                }));
            }
            CompletableFuture<Object> stale = store.write(10, txn -> 0);
            ok.forEach(Fixtures::join);
            assertThatThrownBy(() -> join(stale)).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.appliedIndex()).isEqualTo(50);
            assertThat(durableIndex(store)).isEqualTo(50);
        }
    }

    @Test
    void compactionRecordsTheIndexAlsoWhenRejected() {
        try (MvccStore store = MvccStores.open(dir)) {
            put(store, "a", "1");
            put(store, "a", "2");
            put(store, "a", "3");
            MvccStore.Compaction done = join(store.compact(3, 10));
            join(done.physicalDone());
            assertThat(store.appliedIndex()).isEqualTo(10);

            assertThatThrownBy(() -> join(store.compact(2, 11))).isInstanceOf(CompactedException.class);
            assertThat(store.appliedIndex()).isEqualTo(11);
            assertThatThrownBy(() -> join(store.compact(99, 12))).isInstanceOf(FutureRevisionException.class);
            assertThat(store.appliedIndex()).isEqualTo(12);
            assertThatThrownBy(() -> join(store.compact(4, 11))).isInstanceOf(IllegalArgumentException.class);
            assertThat(Fixtures.compactRevision(store))
                    .as("a stale index rejects the compaction")
                    .isEqualTo(3);
            assertThat(store.appliedIndex()).isEqualTo(12);
            join(store.compact(4));
            assertThat(store.appliedIndex()).isEqualTo(12);
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(store.appliedIndex()).isEqualTo(12);
            assertThat(Fixtures.compactRevision(store)).isEqualTo(4);
        }
    }
}
