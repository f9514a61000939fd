package dev.cairn.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.storage.mvcc.StorageException;
import dev.cairn.storage.wal.RaftLogStore.LogEntry;
import dev.cairn.storage.wal.RaftLogStore.LogWrite;
import dev.cairn.storage.wal.RaftLogStore.Recovered;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link RaftLogStore} contract, run against each implementation by a subclass. Single-threaded
 * except {@link #concurrentWritersAreSerialisedInOneOrder}, which owns its pool.
 */
abstract class RaftLogStoreTest {
    @TempDir
    Path dir;

    /** Opens (creating if missing) the implementation under test in {@code dir}. */
    abstract RaftLogStore open(Path dir);

    static ByteString b(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    static List<LogEntry> entries(long from, long to, String tag) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(i -> new LogEntry(i, b(tag + i)))
                .toList();
    }

    static List<String> describe(Recovered r) {
        return r.entries().stream()
                .map(e -> e.index() + ":" + e.bytes().toStringUtf8())
                .toList();
    }

    static List<String> expected(long from, long to, String tag) {
        return LongStream.rangeClosed(from, to).mapToObj(i -> i + ":" + tag + i).toList();
    }

    @Test
    void emptyLogRecoversNothing() {
        try (RaftLogStore log = open(dir)) {
            Recovered r = log.recover();
            assertThat(r.hardState()).isEmpty();
            assertThat(r.snapshotMetadata()).isEmpty();
            assertThat(r.entries()).isEmpty();
        }
    }

    @Test
    void roundTripsHardStateSnapshotMetadataAndEntries() {
        try (RaftLogStore log = open(dir)) {
            log.write(new LogWrite(Optional.of(b("hs1")), entries(1, 3, "a"), Optional.of(b("snap0")), 0, true));
            log.write(new LogWrite(Optional.of(b("hs2")), entries(4, 5, "a"), Optional.empty(), 0, false));
            Recovered r = log.recover();
            assertThat(r.hardState()).contains(b("hs2"));
            assertThat(r.snapshotMetadata()).contains(b("snap0"));
            assertThat(describe(r)).isEqualTo(expected(1, 5, "a"));
        }
    }

    @Test
    void conflictingSuffixIsReplacedAndTheRestDropped() {
        try (RaftLogStore log = open(dir)) {
            log.write(LogWrite.append(entries(1, 10, "a")));
            log.write(LogWrite.append(entries(6, 7, "b")));
            List<String> want = new ArrayList<>(expected(1, 5, "a"));
            want.addAll(expected(6, 7, "b"));
            assertThat(describe(log.recover())).isEqualTo(want);

            log.write(LogWrite.append(entries(8, 9, "c")));
            want.addAll(expected(8, 9, "c"));
            assertThat(describe(log.recover())).isEqualTo(want);
        }
    }

    @Test
    void entriesFromBelowTheFirstReplaceTheWholeLog() {
        try (RaftLogStore log = open(dir)) {
            log.write(new LogWrite(Optional.empty(), entries(5, 10, "a"), Optional.empty(), 4, true));
            log.write(LogWrite.append(entries(3, 4, "b")));
            assertThat(describe(log.recover())).isEqualTo(expected(3, 4, "b"));
        }
    }

    @Test
    void compactionDropsThePrefix() {
        try (RaftLogStore log = open(dir)) {
            log.write(LogWrite.append(entries(1, 10, "a")));
            log.write(new LogWrite(Optional.empty(), List.of(), Optional.of(b("snap5")), 5, true));
            Recovered r = log.recover();
            assertThat(r.snapshotMetadata()).contains(b("snap5"));
            assertThat(describe(r)).isEqualTo(expected(6, 10, "a"));

            log.write(LogWrite.append(entries(11, 12, "a")));
            assertThat(describe(log.recover())).isEqualTo(expected(6, 12, "a"));

            // Compacting below the first index changes nothing.
            log.write(new LogWrite(Optional.empty(), List.of(), Optional.empty(), 3, true));
            assertThat(describe(log.recover())).isEqualTo(expected(6, 12, "a"));
        }
    }

    @Test
    void compactionInTheSameWriteAppliesToTheNewEntriesToo() {
        try (RaftLogStore log = open(dir)) {
            log.write(LogWrite.append(entries(1, 4, "a")));
            log.write(new LogWrite(Optional.empty(), entries(5, 8, "b"), Optional.empty(), 6, true));
            assertThat(describe(log.recover())).isEqualTo(expected(7, 8, "b"));
        }
    }

    @Test
    void snapshotPastTheLogEmptiesItAndTheLogContinuesAfterIt() {
        try (RaftLogStore log = open(dir)) {
            log.write(LogWrite.append(entries(1, 4, "a")));
            // A follower installs a snapshot at 100: nothing older survives, 101.. may follow.
            log.write(new LogWrite(Optional.of(b("hs")), List.of(), Optional.of(b("snap100")), 100, true));
            assertThat(log.recover().entries()).isEmpty();
            log.write(LogWrite.append(entries(101, 102, "b")));
            assertThat(describe(log.recover())).isEqualTo(expected(101, 102, "b"));
        }
    }

    @Test
    void aGapIsRejectedAndChangesNothing() {
        try (RaftLogStore log = open(dir)) {
            log.write(LogWrite.append(entries(1, 4, "a")));
            assertThatThrownBy(() -> log.write(
                            new LogWrite(Optional.of(b("hs")), entries(7, 8, "b"), Optional.empty(), 0, true)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gap");
            Recovered r = log.recover();
            assertThat(r.hardState()).isEmpty();
            assertThat(describe(r)).isEqualTo(expected(1, 4, "a"));
            // ...unless the same write compacts the old run away (snapshot then entries).
            log.write(new LogWrite(Optional.empty(), entries(7, 8, "b"), Optional.of(b("snap6")), 6, true));
            assertThat(describe(log.recover())).isEqualTo(expected(7, 8, "b"));
        }
    }

    @Test
    void nonConsecutiveEntriesAreRejectedByTheRecord() {
        assertThatThrownBy(() -> LogWrite.append(List.of(new LogEntry(1, b("x")), new LogEntry(3, b("y")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogEntry(0, b("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reopenRecoversEverythingAndKeepsTheRun() {
        try (RaftLogStore log = open(dir)) {
            log.write(new LogWrite(Optional.of(b("hs")), entries(1, 20, "a"), Optional.of(b("snap3")), 3, true));
            log.write(new LogWrite(Optional.empty(), entries(15, 16, "b"), Optional.empty(), 0, false));
        }
        try (RaftLogStore log = open(dir)) {
            Recovered r = log.recover();
            assertThat(r.hardState()).contains(b("hs"));
            assertThat(r.snapshotMetadata()).contains(b("snap3"));
            List<String> want = new ArrayList<>(expected(4, 14, "a"));
            want.addAll(expected(15, 16, "b"));
            assertThat(describe(r)).isEqualTo(want);
            // The restored last index still guards against gaps and allows appends.
            assertThatThrownBy(() -> log.write(LogWrite.append(entries(18, 18, "c"))))
                    .isInstanceOf(IllegalArgumentException.class);
            log.write(LogWrite.append(entries(17, 17, "c")));
            assertThat(log.recover().entries()).hasSize(14);
        }
    }

    @Test
    void closedLogRefusesWork() {
        RaftLogStore log = open(dir);
        log.close();
        log.close();
        assertThatThrownBy(() -> log.write(LogWrite.append(entries(1, 1, "a")))).isInstanceOf(StorageException.class);
        assertThatThrownBy(log::recover).isInstanceOf(StorageException.class);
    }

    @Test
    void manyEntriesWithSeededSizesSurviveReopen() {
        Random random = new Random(42);
        List<LogEntry> all = new ArrayList<>();
        try (RaftLogStore log = open(dir)) {
            long next = 1;
            for (int batch = 0; batch < 200; batch++) {
                List<LogEntry> chunk = new ArrayList<>();
                for (int i = 0; i < 50; i++, next++) {
                    byte[] bytes = new byte[random.nextInt(2000)];
                    random.nextBytes(bytes);
                    chunk.add(new LogEntry(next, ByteString.copyFrom(bytes)));
                }
                log.write(new LogWrite(Optional.empty(), chunk, Optional.empty(), 0, batch % 10 == 9));
                all.addAll(chunk);
            }
            log.write(new LogWrite(Optional.empty(), List.of(), Optional.empty(), 2500, true));
        }
        try (RaftLogStore log = open(dir)) {
            assertThat(log.recover().entries()).isEqualTo(all.subList(2500, all.size()));
        }
    }

    @Test
    void concurrentWritersAreSerialisedInOneOrder() throws Exception {
        int threads = 8;
        int writes = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RaftLogStore log = open(dir)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < writes; i++) {
                        // Each write replaces the whole log with one entry and sets the hard state.
                        ByteString v = b("t" + thread + "-" + i);
                        log.write(new LogWrite(
                                Optional.of(v), List.of(new LogEntry(1, v)), Optional.empty(), 0, i % 2 == 0));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            Recovered r = log.recover();
            assertThat(r.entries()).hasSize(1);
            // The last write committed is the last write of some thread; hard state and entry agree.
            List<ByteString> lastOfEachThread = LongStream.range(0, threads)
                    .mapToObj(t -> b("t" + t + "-" + (writes - 1)))
                    .toList();
            assertThat(lastOfEachThread).contains(r.entries().get(0).bytes());
            assertThat(r.hardState()).contains(r.entries().get(0).bytes());
        } finally {
            pool.shutdown();
        }
    }
}
