package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.currentRevision;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static dev.cairn.storage.mvcc.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.storage.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** Cluster records: a column family beside the keys, written with the applied index. */
class ClusterRecordsTest {
    @TempDir
    Path dir;

    private static SortedMap<ByteString, ByteString> records(MvccStore store) {
        try (ReadView view = store.read()) {
            return view.clusterRecords();
        }
    }

    @Test
    void recordsAreWrittenInOrderWithoutARevision() {
        try (MvccStore store = MvccStores.open(dir)) {
            put(store, "k", "v");
            Map<ByteString, ByteString> seenInTxn = join(store.write(3, txn -> {
                txn.putClusterRecord(b("member/\u0080"), b("high"));
                txn.putClusterRecord(b("member/a"), b("m1"));
                txn.putClusterRecord(b("version"), b("3.6"));
                return txn.clusterRecords();
            }));
            assertThat(seenInTxn.keySet()).containsExactly(b("member/a"), b("member/\u0080"), b("version"));
            assertThat(currentRevision(store))
                    .as("cluster records take no revision")
                    .isEqualTo(2);

            SortedMap<ByteString, ByteString> stored = records(store);
            assertThat(stored).isEqualTo(seenInTxn);
            assertThat(new ArrayList<>(stored.keySet()))
                    .as("unsigned byte order")
                    .containsExactly(b("member/a"), b("member/\u0080"), b("version"));
            assertThatThrownBy(() -> stored.put(b("x"), b("y"))).isInstanceOf(UnsupportedOperationException.class);

            boolean[] deleted = join(store.write(4, txn ->
                    new boolean[] {txn.deleteClusterRecord(b("member/a")), txn.deleteClusterRecord(b("member/zz"))}));
            assertThat(deleted).containsExactly(true, false);
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(records(store))
                    .containsExactly(Map.entry(b("member/\u0080"), b("high")), Map.entry(b("version"), b("3.6")));
            assertThat(store.appliedIndex()).isEqualTo(4);
        }
    }

    @Test
    void aFailedTransactionLeavesNoRecord() {
        try (MvccStore store = MvccStores.open(dir)) {
            assertThatThrownBy(() -> join(store.write(1, txn -> {
                        txn.putClusterRecord(b("member/a"), b("m1"));
                        throw new IllegalStateException("rejected");
                    })))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(records(store)).isEmpty();
            assertThat(store.appliedIndex()).isEqualTo(1);
        }
    }

    @Test
    void aStoreCreatedBeforeTheClusterFamilyOpensAndGetsIt() throws Exception {
        try (MvccStore store = MvccStores.open(dir)) {
            put(store, "k", "v");
        }
        dropClusterFamily(dir);
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(Fixtures.keys(Fixtures.all(store, 0))).containsExactly("k");
            assertThat(records(store)).isEmpty();
            join(store.write(txn -> {
                txn.putClusterRecord(b("member/a"), b("m1"));
                return 0;
            }));
            assertThat(records(store)).containsOnlyKeys(b("member/a"));
        }
    }

    /** Leaves the database as a store from before the cluster column family would. */
    private static void dropClusterFamily(Path dir) throws Exception {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : Schema.COLUMN_FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
                RocksDB db = RocksDB.open(options, StoreLayout.databaseDir(dir).toString(), descriptors, handles)) {
            ColumnFamilyHandle cluster = handles.get(Schema.COLUMN_FAMILIES.indexOf(Schema.CF_CLUSTER));
            db.dropColumnFamily(cluster);
            handles.forEach(ColumnFamilyHandle::close);
        }
        List<byte[]> left;
        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            left = RocksDB.listColumnFamilies(
                    options, StoreLayout.databaseDir(dir).toString());
        }
        assertThat(left.stream().map(n -> new String(n, StandardCharsets.US_ASCII)))
                .doesNotContain(Schema.CF_CLUSTER)
                .contains(Schema.CF_KV_LATEST);
    }
}
