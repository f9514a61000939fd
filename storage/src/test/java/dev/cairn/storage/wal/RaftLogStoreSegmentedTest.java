package dev.cairn.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.wal.RaftLogStore.LogWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract on {@link SegmentedRaftLogStore} with 64 KiB segments (so the larger cases roll
 * over), plus segment roll-over and deletion. Crashes are in {@link RaftLogStoreSegmentCrashTest}.
 */
class RaftLogStoreSegmentedTest extends RaftLogStoreTest {
    @Override
    RaftLogStore open(Path dir) {
        return SegmentedRaftLogStore.open(dir, new SegmentedRaftLogStore.Config(64 << 10, true));
    }

    /** Small segments, no background thread: spares are made and old segments deleted inline. */
    static RaftLogStore small(Path dir) {
        return SegmentedRaftLogStore.open(dir, new SegmentedRaftLogStore.Config(4096, false));
    }

    static List<String> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".seg"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aNewDirectoryGetsASegmentedLogWithOnePreallocatedSegment() throws IOException {
        try (RaftLogStore log = RaftLogStores.open(dir)) {
            assertThat(log).isInstanceOf(SegmentedRaftLogStore.class);
            assertThat(Files.exists(dir.resolve("CURRENT"))).isFalse();
        }
        assertThat(segmentFiles(dir)).containsExactly("0000000000000001.seg");
        assertThat(Files.size(dir.resolve("0000000000000001.seg"))).isEqualTo(64L << 20);
    }

    @Test
    void writesRollOverIntoNewSegmentsAndSurviveReopen() throws IOException {
        try (RaftLogStore log = small(dir)) {
            log.write(new LogWrite(Optional.of(b("hs1")), List.of(), Optional.of(b("snap0")), 0, true));
            for (long i = 1; i <= 100; i++) {
                // ~140 bytes a record: about 28 per 4 KiB segment.
                log.write(LogWrite.append(entries(i, i, "x".repeat(120))));
            }
            log.write(new LogWrite(Optional.of(b("hs2")), List.of(), Optional.empty(), 0, true));
        }
        assertThat(segmentFiles(dir)).hasSizeGreaterThanOrEqualTo(4);
        try (RaftLogStore log = small(dir)) {
            RaftLogStore.Recovered r = log.recover();
            assertThat(r.hardState()).contains(b("hs2"));
            assertThat(r.snapshotMetadata()).contains(b("snap0"));
            assertThat(describe(r)).isEqualTo(expected(1, 100, "x".repeat(120)));
        }
    }

    @Test
    void aWriteLargerThanASegmentGetsALargerSegment() throws IOException {
        try (RaftLogStore log = small(dir)) {
            log.write(LogWrite.append(entries(1, 1, "a")));
            log.write(LogWrite.append(entries(2, 2, "b".repeat(10_000))));
            log.write(LogWrite.append(entries(3, 3, "c")));
        }
        assertThat(segmentFiles(dir)).hasSize(3);
        assertThat(Files.size(dir.resolve("0000000000000002.seg"))).isGreaterThan(10_000);
        try (RaftLogStore log = small(dir)) {
            assertThat(log.recover().entries())
                    .extracting(RaftLogStore.LogEntry::index)
                    .containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void segmentsWhoseEntriesAreAllCompactedAreDeleted() throws IOException {
        try (RaftLogStore log = small(dir)) {
            log.write(new LogWrite(Optional.of(b("hs1")), List.of(), Optional.empty(), 0, true));
            for (long i = 1; i <= 100; i++) {
                log.write(LogWrite.append(entries(i, i, "x".repeat(120))));
            }
            List<String> before = segmentFiles(dir);
            log.write(new LogWrite(Optional.empty(), List.of(), Optional.of(b("snap90")), 90, true));
            List<String> after = segmentFiles(dir);
            // Only segments holding entries > 90 (and the current one) are left, the newest ones.
            assertThat(after.size()).isLessThan(before.size()).isLessThanOrEqualTo(2);
            assertThat(after).isEqualTo(before.subList(before.size() - after.size(), before.size()));
            assertThat(describe(log.recover())).isEqualTo(expected(91, 100, "x".repeat(120)));
        }
        try (RaftLogStore log = small(dir)) {
            RaftLogStore.Recovered r = log.recover();
            // The hard state was written in the first segment only; the checkpoints carried it on.
            assertThat(r.hardState()).contains(b("hs1"));
            assertThat(r.snapshotMetadata()).contains(b("snap90"));
            assertThat(describe(r)).isEqualTo(expected(91, 100, "x".repeat(120)));
        }
    }

    @Test
    void unsyncedWritesDoNotLetOldSegmentsGo() throws IOException {
        try (RaftLogStore log = small(dir)) {
            for (long i = 1; i <= 100; i++) {
                log.write(LogWrite.append(entries(i, i, "x".repeat(120))));
            }
            List<String> before = segmentFiles(dir);
            log.write(new LogWrite(Optional.empty(), List.of(), Optional.empty(), 100, false));
            assertThat(segmentFiles(dir)).isEqualTo(before);
            log.write(new LogWrite(Optional.empty(), List.of(), Optional.empty(), 0, true));
            assertThat(segmentFiles(dir)).containsExactly(before.get(before.size() - 1));
        }
    }
}
