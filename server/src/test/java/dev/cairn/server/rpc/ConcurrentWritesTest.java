package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.Ops.put;
import static dev.cairn.server.rpc.Ops.then;
import static dev.cairn.server.rpc.Ops.versionIs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes from many client threads: each gets its own revision, none is lost, and create-if-absent
 * Txns on one key let exactly one writer win. The outcome does not depend on the interleaving.
 */
class ConcurrentWritesTest {
    static final int THREADS = 4;
    static final int WRITES_PER_THREAD = 25;

    @TempDir
    Path dir;

    @Test
    void everyWriteGetsItsOwnRevision() throws Exception {
        try (KvFixture f = new KvFixture(dir);
                ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Long> revisions = new ArrayList<>();
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        revisions.add(
                                f.put("k" + thread + "-" + i, "v").getHeader().getRevision());
                    }
                    return revisions;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> r : results) {
                all.addAll(r.get());
            }
            long writes = (long) THREADS * WRITES_PER_THREAD;
            assertThat(all)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(2, writes + 1).boxed().toList());
            assertThat(f.revision()).isEqualTo(writes + 1);
            assertThat(MaintenanceGrpc.newBlockingStub(f.channel)
                            .status(StatusRequest.getDefaultInstance())
                            .getRaftAppliedIndex())
                    .isEqualTo(writes + 1);
        }
    }

    @Test
    void exactlyOneCreateIfAbsentWins() throws Exception {
        try (KvFixture f = new KvFixture(dir);
                ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < THREADS * 4; t++) {
                String value = "writer" + t;
                results.add(pool.submit(() -> f.kv.txn(then(Ops.when(versionIs("lock", 0)), put("lock", value))
                                .build())
                        .getSucceeded()));
            }
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(f.get("lock").getKvs(0).getVersion()).isEqualTo(1);
        }
    }
}
