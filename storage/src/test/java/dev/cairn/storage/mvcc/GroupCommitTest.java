package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writer threads: distinct consecutive revisions, all durable after reopen. */
class GroupCommitTest {
    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 200;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersGetDistinctConsecutiveRevisions() throws Exception {
        List<Long> revisions = new ArrayList<>();
        try (MvccStore store = MvccStores.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Long>> mine = new ArrayList<>();
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        String key = "t" + thread + "/" + i;
                        mine.add(store.write(txn -> {
                            txn.put(b(key), b("v"), 0);
                            txn.put(b("shared"), b(key), 0);
                            return txn.writeRevision();
                        }));
                    }
                    return mine.stream().map(Fixtures::join).toList();
                }));
            }
            start.countDown();
            for (Future<List<Long>> f : results) {
                List<Long> mine = f.get();
                assertThat(mine)
                        .as("one thread's writes commit in submission order")
                        .isSorted();
                revisions.addAll(mine);
            }
            pool.shutdown();
            long total = (long) THREADS * WRITES_PER_THREAD;
            assertThat(revisions)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(2, total + 1).boxed().toList());
            assertThat(Fixtures.currentRevision(store)).isEqualTo(total + 1);
        }
        try (MvccStore store = MvccStores.open(dir)) {
            long total = (long) THREADS * WRITES_PER_THREAD;
            assertThat(Fixtures.currentRevision(store)).isEqualTo(total + 1);
            RangeResult r = Fixtures.range(store, RangeQuery.of(b("t"), b("u")));
            assertThat(r.count()).isEqualTo(total);
            KeyValue shared = Fixtures.range(store, RangeQuery.of(b("shared"), b("")))
                    .kvs()
                    .get(0);
            assertThat(shared.getVersion()).isEqualTo(total);
            assertThat(shared.getModRevision()).isEqualTo(total + 1);
        }
    }

    @Test
    void queuedWritesShareOneBatchAndSeeEachOther() throws Exception {
        try (RocksMvccStore store = RocksMvccStore.open(dir, StoreConfig.defaults())) {
            CountDownLatch writerBusy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // The first write holds the writer thread until everything else is queued behind it.
            CompletableFuture<Long> first = store.write(txn -> {
                writerBusy.countDown();
                release.await();
                txn.put(b("counter"), b("1"), 0);
                return txn.writeRevision();
            });
            writerBusy.await();
            long commitsBefore = store.commits();
            List<CompletableFuture<Long>> rest = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rest.add(store.write(txn -> {
                    long n = Long.parseLong(
                            Fixtures.s(txn.get(b("counter")).orElseThrow().getValue()));
                    txn.put(b("counter"), b(Long.toString(n + 1)), 0);
                    return txn.writeRevision();
                }));
            }
            rest.add(store.write(txn -> -1L)); // a no-op in the same group
            release.countDown();
            assertThat(join(first)).isEqualTo(2);
            assertThat(rest.stream().map(Fixtures::join).toList())
                    .containsExactlyElementsOf(
                            Stream.concat(LongStream.rangeClosed(3, 22).boxed(), Stream.of(-1L))
                                    .toList());
            assertThat(store.commits() - commitsBefore)
                    .as("one fsync for the whole group")
                    .isEqualTo(1);
            KeyValue counter = Fixtures.range(store, RangeQuery.of(b("counter"), b("")))
                    .kvs()
                    .get(0);
            assertThat(Fixtures.describe(counter)).isEqualTo("counter c=2 m=22 v=21 21");
        }
    }

    @Test
    void aFailedTransactionDoesNotDisturbItsGroup() {
        try (MvccStore store = MvccStores.open(dir)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                futures.add(store.write(txn -> {
                    txn.put(b("k" + n), b("v"), 0);
                    if (n % 5 == 0) {
                        throw new IllegalArgumentException("fail " + n);
                    }
                    return txn.writeRevision();
                }));
            }
            List<Long> ok = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                CompletableFuture<Long> f = futures.get(i);
                if (i % 5 == 0) {
                    assertThatThrownBy(() -> join(f)).isInstanceOf(IllegalArgumentException.class);
                } else {
                    ok.add(join(f));
                }
            }
            assertThat(ok)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(2, 41).boxed().toList());
            assertThat(Fixtures.range(store, RangeQuery.of(b("k"), b("l"))).count())
                    .isEqualTo(40);
        }
    }

    @Test
    void writesAfterCloseFail() {
        MvccStore store = MvccStores.open(dir);
        ReadView view = store.read();
        store.close();
        store.close();
        assertThatThrownBy(() -> join(store.write(txn -> 1))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> join(store.compact(1))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> view.range(RangeQuery.of(b("a"), b("")))).isInstanceOf(StorageException.class);
        assertThatThrownBy(store::read).isInstanceOf(StorageException.class);
        view.close();
    }
}
