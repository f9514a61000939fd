package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lease records and the lease -> keys index kept by the writer. */
class LeaseTest {
    @TempDir
    Path dir;

    private static void putLease(MvccStore store, long id, long ttl, long remaining) {
        join(store.write(txn -> {
            txn.putLease(new LeaseRecord(id, ttl, remaining));
            return 0;
        }));
    }

    private static List<String> leaseKeys(MvccStore store, long lease) {
        try (ReadView view = store.read()) {
            return view.leaseKeys(lease).stream().map(Fixtures::s).toList();
        }
    }

    private static List<LeaseRecord> leases(MvccStore store) {
        try (ReadView view = store.read()) {
            return view.leases();
        }
    }

    private static void put(MvccStore store, String key, long lease) {
        join(store.write(txn -> txn.put(b(key), b("v"), lease)));
    }

    @Test
    void putGetDeleteListAndReopen() {
        try (MvccStore store = MvccStores.open(dir)) {
            putLease(store, 7, 60, 0);
            putLease(store, 3, 10, 0);
            putLease(store, Long.MAX_VALUE, 5, 0);
            putLease(store, 7, 60, 42); // checkpoint
            assertThat(leases(store))
                    .containsExactly(
                            new LeaseRecord(3, 10, 0),
                            new LeaseRecord(7, 60, 42),
                            new LeaseRecord(Long.MAX_VALUE, 5, 0));
            Boolean first = join(store.write(txn -> txn.deleteLease(3)));
            Boolean second = join(store.write(txn -> txn.deleteLease(3)));
            assertThat(first).isTrue();
            assertThat(second).isFalse();
            try (ReadView view = store.read()) {
                assertThat(view.lease(7)).contains(new LeaseRecord(7, 60, 42));
                assertThat(view.lease(3)).isEmpty();
            }
            assertThat(Fixtures.currentRevision(store)).isEqualTo(1);
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(leases(store))
                    .containsExactly(new LeaseRecord(7, 60, 42), new LeaseRecord(Long.MAX_VALUE, 5, 0));
            assertThat(Fixtures.currentRevision(store)).isEqualTo(1);
        }
    }

    @Test
    void leaseOnlyTxnsAreDurableButTakeNoRevision() {
        try (MvccStore store = MvccStores.open(dir)) {
            Fixtures.put(store, "a", "1");
            RocksMvccStore rocks = (RocksMvccStore) store;
            long commits = rocks.commits();
            long rev = join(store.write(txn -> {
                txn.putLease(new LeaseRecord(9, 30, 0));
                assertThat(txn.lease(9)).contains(new LeaseRecord(9, 30, 0));
                assertThat(txn.leases()).containsExactly(new LeaseRecord(9, 30, 0));
                return txn.currentRevision();
            }));
            assertThat(rev).isEqualTo(2);
            assertThat(rocks.commits()).isEqualTo(commits + 1);
            assertThat(Fixtures.currentRevision(store)).isEqualTo(2);
            assertThat(Fixtures.put(store, "b", "1")).isEqualTo(3);
        }
    }

    @Test
    void rejectsLeaseIdZero() {
        try (MvccStore store = MvccStores.open(dir)) {
            assertThatThrownBy(() -> putLease(store, 0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void indexFollowsPutsAndDeletes() {
        try (MvccStore store = MvccStores.open(dir)) {
            put(store, "b", 1);
            put(store, "a", 1);
            put(store, "c", 2);
            assertThat(leaseKeys(store, 1)).containsExactly("a", "b");
            assertThat(leaseKeys(store, 2)).containsExactly("c");
            put(store, "a", 2); // another lease: moves
            assertThat(leaseKeys(store, 1)).containsExactly("b");
            assertThat(leaseKeys(store, 2)).containsExactly("a", "c");
            put(store, "a", 2); // the same lease again (ignore_lease: the caller passes the existing one)
            assertThat(leaseKeys(store, 2)).containsExactly("a", "c");
            put(store, "c", 0); // lease 0: detaches
            assertThat(leaseKeys(store, 2)).containsExactly("a");
            Fixtures.delete(store, "b", "");
            assertThat(leaseKeys(store, 1)).isEmpty();
            put(store, "x", 3);
            put(store, "y", 3);
            put(store, "z", 3);
            Fixtures.delete(store, "a", "y");
            assertThat(leaseKeys(store, 2)).isEmpty();
            assertThat(leaseKeys(store, 3)).containsExactly("y", "z");
            assertThat(leaseKeys(store, 4)).isEmpty();
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(leaseKeys(store, 3)).containsExactly("y", "z");
        }
    }

    @Test
    void revokeInOneTxnDeletesKeysAndRecord() {
        try (MvccStore store = MvccStores.open(dir)) {
            putLease(store, 5, 10, 0);
            put(store, "k1", 5);
            put(store, "k2", 5);
            long rev = join(store.write(txn -> {
                for (ByteString key : txn.leaseKeys(5)) {
                    txn.deleteRange(key, ByteString.EMPTY);
                }
                assertThat(txn.leaseKeys(5)).isEmpty();
                assertThat(txn.deleteLease(5)).isTrue();
                assertThat(txn.lease(5)).isEmpty();
                return txn.writeRevision();
            }));
            assertThat(rev).isEqualTo(4);
            assertThat(leases(store)).isEmpty();
            assertThat(leaseKeys(store, 5)).isEmpty();
        }
    }

    @Test
    void failedTxnLeavesLeasesAlone() {
        try (MvccStore store = MvccStores.open(dir)) {
            var f = store.write(txn -> {
                txn.putLease(new LeaseRecord(1, 10, 0));
                txn.put(b("a"), b("v"), 1);
                throw new IllegalStateException("boom");
            });
            assertThat(f).failsWithin(java.time.Duration.ofMinutes(1));
            assertThat(leases(store)).isEmpty();
            assertThat(leaseKeys(store, 1)).isEmpty();
        }
    }

    /** The index equals the lease field of kv_latest after a seeded random workload. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void indexAgreesWithLatest(long seed) {
        Random random = new Random(seed);
        try (MvccStore store = MvccStores.open(dir)) {
            for (int i = 0; i < 200; i++) {
                join(store.write(txn -> {
                    for (int c = 0; c < 1 + random.nextInt(3); c++) {
                        String key = "k" + random.nextInt(10);
                        if (random.nextInt(4) == 0) {
                            txn.deleteRange(b(key), b(random.nextBoolean() ? "" : "k" + random.nextInt(10)));
                        } else {
                            txn.put(b(key), b("v"), random.nextInt(4));
                        }
                    }
                    return 0;
                }));
            }
            Map<Long, TreeSet<String>> expected = new TreeMap<>();
            for (KeyValue kv : Fixtures.all(store, 0).kvs()) {
                if (kv.getLease() != 0) {
                    expected.computeIfAbsent(kv.getLease(), l -> new TreeSet<>())
                            .add(Fixtures.s(kv.getKey()));
                }
            }
            for (long lease = 1; lease < 4; lease++) {
                assertThat(leaseKeys(store, lease))
                        .containsExactlyElementsOf(
                                Optional.ofNullable(expected.get(lease)).orElse(new TreeSet<>()));
            }
        }
    }
}
