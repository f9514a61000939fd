package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.all;
import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.describe;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static dev.cairn.storage.mvcc.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot export from one store and install into another member directory. */
class SnapshotTest {
    @TempDir
    Path source;

    @TempDir
    Path target;

    /** A history with overwrites, deletes, leases, cluster records, a compaction and an index. */
    private static void load(MvccStore store) {
        Random random = new Random(7);
        long index = 0;
        for (int i = 0; i < 60; i++) {
            String key = "k" + random.nextInt(15);
            long idx = ++index;
            if (random.nextInt(5) == 0) {
                join(store.write(idx, txn -> txn.deleteRange(b(key), ByteString.EMPTY)));
            } else {
                String value = i + "-" + "x".repeat(random.nextInt(300));
                long lease = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
                join(store.write(idx, txn -> txn.put(b(key), b(value), lease)));
            }
        }
        join(store.write(++index, txn -> {
            txn.putLease(new LeaseRecord(1, 60, 0));
            txn.putLease(new LeaseRecord(2, 30, 12));
            txn.putClusterRecord(b("member/1"), b("alpha"));
            txn.putClusterRecord(b("version"), b("3.6.0"));
            return 0;
        }));
        join(join(store.compact(20, ++index)).physicalDone());
    }

    /** Everything a client or the server can observe, for comparing two stores. */
    private static List<String> observe(MvccStore store) {
        List<String> out = new ArrayList<>();
        out.add("applied=" + store.appliedIndex());
        try (ReadView view = store.read()) {
            out.add("current=" + view.currentRevision() + " compact=" + view.compactRevision());
            for (long rev = view.compactRevision(); rev <= view.currentRevision(); rev++) {
                out.add("@" + rev + " " + describe(all(store, rev)));
            }
            view.events(view.compactRevision() + 1, view.currentRevision(), Integer.MAX_VALUE)
                    .forEach(e -> out.add("event " + e.getType() + " " + describe(e.getKv()) + " prev="
                            + (e.hasPrevKv() ? describe(e.getPrevKv()) : "-")));
            out.add("leases=" + view.leases());
            out.add("lease1=" + view.leaseKeys(1).stream().map(Fixtures::s).toList() + " lease2="
                    + view.leaseKeys(2).stream().map(Fixtures::s).toList());
            view.clusterRecords().forEach((k, v) -> out.add("cluster " + Fixtures.s(k) + "=" + Fixtures.s(v)));
        }
        return out;
    }

    private static List<ByteString> export(RocksMvccStore store, int chunkBytes) {
        List<ByteString> chunks = new ArrayList<>();
        try (MvccStore.SnapshotExport export = store.openSnapshotExport(chunkBytes)) {
            export.forEachRemaining(chunks::add);
        }
        return chunks;
    }

    @Test
    void exportThenInstallReproducesTheStore() {
        List<String> expected;
        List<ByteString> chunks;
        long exportedIndex;
        try (RocksMvccStore store = RocksMvccStore.open(source, StoreConfig.defaults())) {
            load(store);
            expected = observe(store);
            try (MvccStore.SnapshotExport export = store.openSnapshotExport(2048)) {
                exportedIndex = export.appliedIndex();
                chunks = new ArrayList<>();
                export.forEachRemaining(chunks::add);
            }
            assertThat(exportedIndex).isEqualTo(store.appliedIndex()).isEqualTo(62);
        }
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks).allSatisfy(c -> assertThat(c.size()).isLessThanOrEqualTo(2048));

        assertThat(MvccStores.installSnapshot(target, chunks.iterator())).isEqualTo(62);
        try (MvccStore installed = MvccStores.open(target)) {
            assertThat(observe(installed)).isEqualTo(expected);
            // The installed store carries on from there.
            join(installed.write(63, txn -> txn.put(b("after"), b("1"), 0)));
            assertThat(installed.appliedIndex()).isEqualTo(63);
        }
    }

    @Test
    void theExportIsTheStateWhenItWasOpened() {
        List<String> atExport;
        List<ByteString> chunks = new ArrayList<>();
        try (RocksMvccStore store = RocksMvccStore.open(source, StoreConfig.defaults())) {
            load(store);
            atExport = observe(store);
            try (MvccStore.SnapshotExport export = store.openSnapshotExport(512)) {
                chunks.add(export.next());
                join(store.write(100, txn -> txn.put(b("late"), b("x"), 0)));
                export.forEachRemaining(chunks::add);
                assertThat(export.hasNext()).isFalse();
            }
        }
        MvccStores.installSnapshot(target, chunks.iterator());
        try (MvccStore installed = MvccStores.open(target)) {
            assertThat(observe(installed)).isEqualTo(atExport);
        }
    }

    @Test
    void aRecordLargerThanAChunkGetsAChunkOfItsOwn() {
        ByteString big = ByteString.copyFrom(new byte[5000]);
        try (RocksMvccStore store = RocksMvccStore.open(source, StoreConfig.defaults())) {
            put(store, "small", "v");
            join(store.write(1, txn -> txn.put(b("big"), big, 0)));
            List<ByteString> chunks = export(store, 1024);
            MvccStores.installSnapshot(target, chunks.iterator());
        }
        try (MvccStore installed = MvccStores.open(target)) {
            assertThat(all(installed, 0).kvs().get(0).getValue()).isEqualTo(big);
            assertThat(installed.appliedIndex()).isEqualTo(1);
        }
    }

    @Test
    void installReplacesAnExistingStoreAndLeavesTheRestOfTheMemberDir() throws Exception {
        List<ByteString> chunks;
        try (RocksMvccStore store = RocksMvccStore.open(source, StoreConfig.defaults())) {
            load(store);
            chunks = export(store, RocksMvccStore.SNAPSHOT_CHUNK_BYTES);
        }
        assertThat(chunks).hasSize(1);
        try (MvccStore old = MvccStores.open(target)) {
            put(old, "stale", "x");
        }
        Path walFile = Files.createDirectories(target.resolve("wal")).resolve("keep");
        Files.writeString(walFile, "raft log");

        MvccStores.installSnapshot(target, chunks.iterator());
        try (MvccStore installed = MvccStores.open(target)) {
            assertThat(Fixtures.keys(all(installed, 0))).doesNotContain("stale");
            assertThat(installed.appliedIndex()).isEqualTo(62);
        }
        assertThat(Files.readString(walFile)).isEqualTo("raft log");
        assertThat(target.resolve(StoreLayout.INSTALLING)).doesNotExist();
        assertThat(target.resolve(StoreLayout.REPLACED)).doesNotExist();
    }

    @Test
    void aCorruptOrTruncatedStreamLeavesTheOldStore() {
        List<ByteString> chunks;
        try (RocksMvccStore store = RocksMvccStore.open(source, StoreConfig.defaults())) {
            load(store);
            chunks = export(store, 1024);
        }
        try (MvccStore old = MvccStores.open(target)) {
            put(old, "old", "x");
        }
        List<ByteString> corrupt = new ArrayList<>(chunks);
        byte[] flipped = corrupt.get(2).toByteArray();
        flipped[flipped.length / 2] ^= 0x10;
        corrupt.set(2, ByteString.copyFrom(flipped));
        assertThatThrownBy(() -> MvccStores.installSnapshot(target, corrupt.iterator()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("checksum");

        List<ByteString> truncated = chunks.subList(0, chunks.size() - 1);
        assertThatThrownBy(() -> MvccStores.installSnapshot(target, truncated.iterator()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("ended early");

        List<ByteString> missingMiddle = new ArrayList<>(chunks);
        missingMiddle.remove(1);
        assertThatThrownBy(() -> MvccStores.installSnapshot(target, missingMiddle.iterator()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("incomplete");

        assertThat(target.resolve(StoreLayout.INSTALLING)).doesNotExist();
        try (MvccStore old = MvccStores.open(target)) {
            assertThat(Fixtures.keys(all(old, 0))).containsExactly("old");
        }
    }

    @Test
    void aCompleteInstallInterruptedBeforeTheSwapFinishesAtOpen() throws Exception {
        List<ByteString> chunks;
        try (RocksMvccStore store = RocksMvccStore.open(source, StoreConfig.defaults())) {
            load(store);
            chunks = export(store, 4096);
        }
        try (MvccStore old = MvccStores.open(target)) {
            put(old, "old", "x");
        }
        // Crash right after the install was marked complete: nothing swapped yet.
        SnapshotInstaller.build(target, chunks.iterator());
        assertThat(target.resolve(StoreLayout.INSTALLING).resolve(StoreLayout.INSTALLED_MARKER))
                .exists();
        try (MvccStore installed = MvccStores.open(target)) {
            assertThat(installed.appliedIndex()).isEqualTo(62);
            assertThat(Fixtures.keys(all(installed, 0))).doesNotContain("old");
        }
        // An unmarked (partial) build is thrown away at open.
        Path partial = Files.createDirectories(target.resolve(StoreLayout.INSTALLING));
        Files.writeString(partial.resolve("000001.sst"), "partial");
        try (MvccStore store = MvccStores.open(target)) {
            assertThat(store.appliedIndex()).isEqualTo(62);
        }
        assertThat(target.resolve(StoreLayout.INSTALLING)).doesNotExist();
    }

    @Test
    void aLegacyStoreOpensInPlaceAndAnInstallMovesItToDb() {
        List<ByteString> chunks;
        try (RocksMvccStore store = RocksMvccStore.open(source, StoreConfig.defaults())) {
            load(store);
            chunks = export(store, 4096);
        }
        try (RocksMvccStore legacy = RocksMvccStore.openDatabase(target, StoreConfig.defaults())) {
            put(legacy, "legacy", "x");
        }
        assertThat(target.resolve("CURRENT")).exists();
        try (MvccStore store = MvccStores.open(target)) {
            assertThat(Fixtures.keys(all(store, 0))).containsExactly("legacy");
        }
        MvccStores.installSnapshot(target, chunks.iterator());
        assertThat(target.resolve("CURRENT")).doesNotExist();
        assertThat(target.resolve(StoreLayout.DB).resolve("CURRENT")).exists();
        try (MvccStore store = MvccStores.open(target)) {
            assertThat(store.appliedIndex()).isEqualTo(62);
        }
    }

    @Test
    void closingTheStoreFreesAnOpenExport() {
        RocksMvccStore store = RocksMvccStore.open(source, StoreConfig.defaults());
        put(store, "k", "v");
        MvccStore.SnapshotExport export = store.openSnapshotExport();
        store.close();
        assertThatThrownBy(export::hasNext).isInstanceOf(StorageException.class);
        export.close();
    }
}
