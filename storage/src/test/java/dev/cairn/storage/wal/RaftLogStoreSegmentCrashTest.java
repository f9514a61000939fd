package dev.cairn.storage.wal;

import static dev.cairn.storage.wal.RaftLogStoreSegmentedTest.segmentFiles;
import static dev.cairn.storage.wal.RaftLogStoreSegmentedTest.small;
import static dev.cairn.storage.wal.RaftLogStoreTest.b;
import static dev.cairn.storage.wal.RaftLogStoreTest.describe;
import static dev.cairn.storage.wal.RaftLogStoreTest.entries;
import static dev.cairn.storage.wal.RaftLogStoreTest.expected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.storage.mvcc.StorageException;
import dev.cairn.storage.wal.RaftLogStore.LogEntry;
import dev.cairn.storage.wal.RaftLogStore.LogWrite;
import dev.cairn.storage.wal.RaftLogStore.Recovered;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crashes of {@link SegmentedRaftLogStore}, made by copying its files mid-way, or by tearing or
 * corrupting what it wrote, then recovering. Single-threaded, deterministic (seeded).
 */
class RaftLogStoreSegmentCrashTest {
    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private static final Path FIRST = Path.of("0000000000000001.seg");

    /** Overwrites {@code bytes} at {@code offset} of a file. */
    private static void poke(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static byte[] read(Path file, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            ch.read(buf, offset);
            return buf.array();
        }
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : segmentFiles(from)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }

    /** A seeded stream of writes: appends, conflicting rewrites, hard states, compactions. */
    private static List<LogWrite> randomWrites(Random random, int count) {
        List<LogWrite> writes = new ArrayList<>();
        long last = 0;
        long first = 1;
        for (int i = 0; i < count; i++) {
            long from = last > 3 && random.nextInt(8) == 0 ? last - random.nextInt(3) : last + 1;
            from = Math.max(from, first);
            int n = random.nextInt(4);
            List<LogEntry> es = new ArrayList<>();
            for (long idx = from; idx < from + n; idx++) {
                byte[] bytes = new byte[random.nextInt(400)];
                random.nextBytes(bytes);
                es.add(new LogEntry(idx, ByteString.copyFrom(bytes)));
            }
            last = n > 0 ? from + n - 1 : last;
            long compactTo = 0;
            Optional<ByteString> snap = Optional.empty();
            if (random.nextInt(10) == 0 && last > first + 5) {
                compactTo = last - 5;
                first = compactTo + 1;
                snap = Optional.of(b("snap" + compactTo));
            }
            Optional<ByteString> hs = random.nextBoolean() ? Optional.of(b("hs" + i)) : Optional.empty();
            writes.add(new LogWrite(hs, es, snap, compactTo, true));
        }
        return writes;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aCopyTakenAfterAnySyncedWriteRecoversExactlyThatWrite(long seed) throws IOException {
        List<LogWrite> writes = randomWrites(new Random(seed), 300);
        List<Recovered> expectedAfter = new ArrayList<>();
        try (RaftLogStore oracle = RocksRaftLogStore.open(elsewhere.resolve("rocks"));
                RaftLogStore log = small(dir)) {
            for (int i = 0; i < writes.size(); i++) {
                oracle.write(writes.get(i));
                log.write(writes.get(i));
                if (i % 25 == 24) {
                    copyDir(dir, elsewhere.resolve("crash" + i));
                    expectedAfter.add(oracle.recover());
                }
            }
        }
        for (int k = 0; k < expectedAfter.size(); k++) {
            try (RaftLogStore log = small(elsewhere.resolve("crash" + (k * 25 + 24)))) {
                assertThat(log.recover()).isEqualTo(expectedAfter.get(k));
            }
        }
    }

    @Test
    void aTornLastWriteIsDroppedWholeAndOverwritten() throws IOException {
        LogWrite a = new LogWrite(Optional.of(b("hs1")), entries(1, 3, "a"), Optional.empty(), 0, true);
        LogWrite torn = new LogWrite(Optional.of(b("hs2")), entries(4, 6, "b"), Optional.empty(), 0, true);
        try (RaftLogStore log = small(dir)) {
            log.write(a);
            log.write(torn);
        }
        long tornAt = LogRecords.size(a);
        int tornSize = LogRecords.size(torn);
        // The crash kept the torn write's first records (hard state, entry 4) but not its end.
        poke(dir.resolve(FIRST), tornAt + tornSize / 2, new byte[tornSize - tornSize / 2]);
        try (RaftLogStore log = small(dir)) {
            Recovered r = log.recover();
            assertThat(r.hardState()).contains(b("hs1"));
            assertThat(describe(r)).isEqualTo(expected(1, 3, "a"));
            log.write(LogWrite.append(entries(4, 4, "c")));
        }
        try (RaftLogStore log = small(dir)) {
            List<String> want = new ArrayList<>(expected(1, 3, "a"));
            want.addAll(expected(4, 4, "c"));
            assertThat(describe(log.recover())).isEqualTo(want);
        }
    }

    @Test
    void garbageInTheLastRecordIsATornTailAndIsZeroedAtOpen() throws IOException {
        try (RaftLogStore log = small(dir)) {
            log.write(LogWrite.append(entries(1, 2, "a")));
            log.write(LogWrite.append(entries(3, 3, "b".repeat(100))));
        }
        long lastAt = LogRecords.size(LogWrite.append(entries(1, 2, "a")));
        poke(dir.resolve(FIRST), lastAt + 40, new byte[] {1, 2, 3});
        try (RaftLogStore log = small(dir)) {
            assertThat(describe(log.recover())).isEqualTo(expected(1, 2, "a"));
            // A shorter write lands where the torn one began; nothing of the torn one may follow it.
            log.write(LogWrite.append(entries(3, 3, "c")));
        }
        assertThat(read(dir.resolve(FIRST), lastAt + 40, 3)).containsOnly(0);
        try (RaftLogStore log = small(dir)) {
            List<String> want = new ArrayList<>(expected(1, 2, "a"));
            want.add("3:c3");
            assertThat(describe(log.recover())).isEqualTo(want);
        }
    }

    @Test
    void aBadRecordFollowedByAValidOneIsCorruption() throws IOException {
        try (RaftLogStore log = small(dir)) {
            log.write(LogWrite.append(entries(1, 1, "a")));
            log.write(LogWrite.append(entries(2, 2, "b")));
            log.write(LogWrite.append(entries(3, 3, "c")));
        }
        long second = LogRecords.size(LogWrite.append(entries(1, 1, "a")));
        poke(dir.resolve(FIRST), second + LogRecords.HEADER + 2, new byte[] {42});
        assertThatThrownBy(() -> small(dir))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(FIRST.toString())
                .hasMessageContaining("offset " + second);
    }

    @Test
    void aBadRecordInAnEarlierSegmentIsCorruption() throws IOException {
        try (RaftLogStore log = small(dir)) {
            for (long i = 1; i <= 60; i++) {
                log.write(LogWrite.append(entries(i, i, "x".repeat(120))));
            }
        }
        assertThat(segmentFiles(dir).size()).isGreaterThan(1);
        // Flip a bit in the last record of the first segment: no valid record follows it there.
        Path first = dir.resolve(FIRST);
        long at = 0;
        long next;
        while ((next = at
                                + LogRecords.align(LogRecords.HEADER
                                        + ByteBuffer.wrap(read(first, at, 4)).getInt()))
                        < Files.size(first)
                && ByteBuffer.wrap(read(first, next, 4)).getInt() != 0) {
            at = next;
        }
        byte[] body = read(first, at + LogRecords.HEADER + 3, 1);
        poke(first, at + LogRecords.HEADER + 3, new byte[] {(byte) (body[0] ^ 1)});
        assertThatThrownBy(() -> small(dir))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(FIRST.toString())
                .hasMessageContaining("offset " + at)
                .hasMessageContaining("checksum");
    }

    @Test
    void aDeletionInterruptedByACrashLeavesAGapThatRecoverySkips() throws IOException {
        try (RaftLogStore log = small(dir)) {
            for (long i = 1; i <= 100; i++) {
                log.write(LogWrite.append(entries(i, i, "x".repeat(120))));
            }
            Files.copy(dir.resolve(FIRST), elsewhere.resolve("first"));
            log.write(new LogWrite(Optional.empty(), List.of(), Optional.of(b("snap95")), 95, true));
        }
        List<String> live = segmentFiles(dir);
        assertThat(live).doesNotContain(FIRST.toString());
        // The unlink of the first segment did not survive the crash; the later ones did.
        Files.copy(elsewhere.resolve("first"), dir.resolve(FIRST));
        try (RaftLogStore log = small(dir)) {
            assertThat(describe(log.recover())).isEqualTo(expected(96, 100, "x".repeat(120)));
            assertThat(log.recover().snapshotMetadata()).contains(b("snap95"));
        }
        assertThat(segmentFiles(dir)).isEqualTo(live);
    }

    @Test
    void aCrashRightAfterARollOverLeavesAnEmptyLastSegment() throws IOException {
        try (RaftLogStore log = small(dir)) {
            log.write(new LogWrite(Optional.of(b("hs")), entries(1, 20, "y".repeat(120)), Optional.empty(), 0, true));
            log.write(LogWrite.append(entries(21, 40, "y".repeat(120))));
        }
        List<String> files = segmentFiles(dir);
        Path lastFile = dir.resolve(files.get(files.size() - 1));
        // The new segment's name survived the crash, none of its contents did.
        poke(lastFile, 0, new byte[(int) Files.size(lastFile)]);
        try (RaftLogStore log = small(dir)) {
            assertThat(describe(log.recover())).isEqualTo(expected(1, 20, "y".repeat(120)));
            log.write(new LogWrite(Optional.empty(), entries(21, 21, "z"), Optional.empty(), 20, true));
        }
        try (RaftLogStore log = small(dir)) {
            Recovered r = log.recover();
            assertThat(r.hardState()).contains(b("hs"));
            assertThat(describe(r)).isEqualTo(expected(21, 21, "z"));
        }
    }
}
