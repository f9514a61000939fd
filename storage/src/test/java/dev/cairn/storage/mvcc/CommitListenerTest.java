package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static dev.cairn.storage.mvcc.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.mvccpb.Event;
import dev.cairn.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change feed: what each kind of write delivers, ordering, timing and a failing listener. */
class CommitListenerTest {
    @TempDir
    Path dir;

    private MvccStore store;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = MvccStores.open(dir);
        store.addCommitListener((rev, events) -> seen.add(rev + ": " + describe(events)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** "PUT a=1 c2 m2 v1 l7 (prev ...)" per event. */
    static String describe(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            String text = e.getType() + " " + kv(e.getKv());
            if (e.hasPrevKv()) {
                text += " (prev " + kv(e.getPrevKv()) + ")";
            }
            out.add(text);
        }
        return String.join(", ", out);
    }

    private static String kv(KeyValue kv) {
        return s(kv.getKey()) + "=" + s(kv.getValue()) + " c" + kv.getCreateRevision() + " m" + kv.getModRevision()
                + " v" + kv.getVersion() + (kv.getLease() != 0 ? " l" + kv.getLease() : "");
    }

    @Test
    void prevKvIsTheVersionBeforeTheTxnInTheFeedAndInHistory() {
        Fixtures.put(store, "k", "old");
        join(store.write(txn -> {
            txn.put(b("k"), b("new"), 0);
            txn.deleteRange(b("k"), b(""));
            return 0;
        }));
        String expected = "3: PUT k=new c2 m3 v2 (prev k=old c2 m2 v1), DELETE k= c0 m3 v0 (prev k=old c2 m2 v1)";
        assertThat(seen).last().isEqualTo(expected);
        try (ReadView view = store.read()) {
            assertThat("3: " + describe(view.events(3, 3, 10))).isEqualTo(expected);
        }
    }

    @Test
    void aPutThatRecreatesAKeyInsideItsTxnCarriesNoPrevKv() {
        Fixtures.put(store, "k", "old");
        join(store.write(txn -> {
            txn.deleteRange(b("k"), b(""));
            txn.put(b("k"), b("new"), 0);
            return 0;
        }));
        String expected = "3: DELETE k= c0 m3 v0 (prev k=old c2 m2 v1), PUT k=new c3 m3 v1";
        assertThat(seen).last().isEqualTo(expected);
        try (ReadView view = store.read()) {
            assertThat("3: " + describe(view.events(3, 3, 10))).isEqualTo(expected);
        }
    }

    @Test
    void putOverwriteDeleteAndMultiChangeTxns() {
        Fixtures.put(store, "a", "1");
        Fixtures.put(store, "a", "2");
        join(store.write(txn -> txn.put(b("b"), b("x"), 7)));
        Fixtures.delete(store, "a", "");
        join(store.write(txn -> {
            txn.put(b("c"), b("1"), 0);
            txn.put(b("a"), b("3"), 0);
            txn.deleteRange(b("b"), b("d"));
            return 0;
        }));
        assertThat(seen)
                .containsExactly(
                        "2: PUT a=1 c2 m2 v1",
                        "3: PUT a=2 c2 m3 v2 (prev a=1 c2 m2 v1)",
                        "4: PUT b=x c4 m4 v1 l7",
                        "5: DELETE a= c0 m5 v0 (prev a=2 c2 m3 v2)",
                        "6: PUT c=1 c6 m6 v1, PUT a=3 c6 m6 v1, DELETE b= c0 m6 v0 (prev b=x c4 m4 v1 l7),"
                                + " DELETE c= c0 m6 v0"); // as etcd: prev_kv is c before the txn: none
    }

    @Test
    void txnsThatChangeNothingOrFailAreNotDelivered() {
        Fixtures.put(store, "a", "1");
        join(store.write(txn -> txn.get(b("a"))));
        Fixtures.delete(store, "zzz", "");
        join(store.write(txn -> {
            txn.putLease(new LeaseRecord(5, 10, 0));
            return 0;
        }));
        CompletableFuture<Object> failed = store.write(txn -> {
            txn.put(b("x"), b("y"), 0);
            throw new IllegalStateException("boom");
        });
        assertThat(failed).failsWithin(java.time.Duration.ofMinutes(1));
        Fixtures.put(store, "b", "1");
        assertThat(seen).containsExactly("2: PUT a=1 c2 m2 v1", "3: PUT b=1 c3 m3 v1");
    }

    @Test
    void listenerRunsOnTheCompleterBeforeTheFutureCompletes() {
        List<String> order = new CopyOnWriteArrayList<>();
        store.addCommitListener((rev, events) ->
                order.add("listener " + rev + " " + Thread.currentThread().getName()));
        CompletableFuture<Long> f = store.write(txn -> {
            txn.put(b("k"), b("v"), 0);
            return txn.writeRevision();
        });
        long rev = join(f.thenApply(r -> {
            order.add("future " + r);
            return r;
        }));
        assertThat(order).containsExactly("listener " + rev + " cairn-mvcc-completer", "future " + rev);
    }

    @Test
    void throwingListenerIsSkipped() {
        store.addCommitListener((rev, events) -> {
            throw new IllegalStateException("listener bug");
        });
        List<Long> after = new CopyOnWriteArrayList<>();
        store.addCommitListener((rev, events) -> after.add(rev));
        Fixtures.put(store, "a", "1");
        Fixtures.put(store, "a", "2");
        assertThat(after).containsExactly(2L, 3L);
        assertThat(seen).hasSize(2);
    }

    @Test
    void concurrentWritersAreDeliveredInRevisionOrder() throws Exception {
        List<Long> revisions = Collections.synchronizedList(new ArrayList<>());
        store.addCommitListener((rev, events) -> revisions.add(rev));
        int writers = 4;
        int each = 100;
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Long>> futures = new CopyOnWriteArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    String key = "w" + id + "-" + i;
                    futures.add(store.write(txn -> {
                        txn.put(b(key), b("v"), 0);
                        return txn.writeRevision();
                    }));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Long> committed = new ArrayList<>();
        for (CompletableFuture<Long> f : futures) {
            committed.add(join(f));
        }
        List<Long> expected = new ArrayList<>();
        for (long r = 2; r < 2 + writers * each; r++) {
            expected.add(r);
        }
        assertThat(revisions).containsExactlyElementsOf(expected);
        assertThat(committed).containsExactlyInAnyOrderElementsOf(expected);
    }
}
