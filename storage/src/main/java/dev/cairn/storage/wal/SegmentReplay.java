package dev.cairn.storage.wal;

import com.google.protobuf.ByteString;
import dev.cairn.storage.mvcc.StorageException;
import dev.cairn.storage.wal.RaftLogStore.LogEntry;
import dev.cairn.storage.wal.RaftLogStore.LogWrite;
import dev.cairn.storage.wal.RaftLogStore.Recovered;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads segment files in order and replays their writes with {@link LogRun}'s semantics, to what
 * {@link RaftLogStore#recover} returns. The end of the log is the first zero length, or the first
 * record that fails its checksum, in the last segment (a torn write, dropped whole with the rest
 * of its write); a bad record in an earlier segment, or one followed by a valid record, or a
 * write left unfinished in an earlier segment, is corruption. Owned by one thread; used once.
 */
final class SegmentReplay {
    /** What one segment held: where its written part ends and its highest entry index (0: none). */
    record Scanned(long end, long maxIndex) {}

    private Optional<ByteString> hardState = Optional.empty();
    private Optional<ByteString> snapshot = Optional.empty();
    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private LogRun run = LogRun.EMPTY;
    private final List<Scanned> scanned = new ArrayList<>();

    /** Replays {@code segments} (in order, the last one possibly torn). */
    static SegmentReplay of(List<Path> segments) {
        SegmentReplay replay = new SegmentReplay();
        for (int i = 0; i < segments.size(); i++) {
            replay.scanned.add(replay.scan(segments.get(i), i == segments.size() - 1));
        }
        return replay;
    }

    Recovered recovered() {
        return new Recovered(hardState, snapshot, new ArrayList<>(entries));
    }

    LogRun run() {
        return run;
    }

    Optional<ByteString> hardState() {
        return hardState;
    }

    Optional<ByteString> snapshot() {
        return snapshot;
    }

    /** One per segment replayed, in order. */
    List<Scanned> scanned() {
        return scanned;
    }

    static MappedByteBuffer map(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException("cannot read raft log segment " + path, e);
        }
    }

    private Scanned scan(Path path, boolean last) {
        ByteBuffer buf = map(path);
        LogRecords.WriteBuilder write = new LogRecords.WriteBuilder();
        int pos = 0;
        int writeStart = 0;
        long maxIndex = 0;
        while (true) {
            int length = LogRecords.validLength(buf, pos);
            if (length == 0) {
                if (!write.isEmpty() && !last) {
                    throw corrupt(path, writeStart, "a write ends unfinished before the end of the segment");
                }
                break;
            }
            if (length < 0) {
                if (!last) {
                    throw corrupt(path, pos, "checksum mismatch");
                }
                if (validRecordFollows(buf, pos)) {
                    throw corrupt(path, pos, "checksum mismatch before a valid record");
                }
                break;
            }
            boolean ends;
            try {
                ends = write.add(buf, pos, length);
            } catch (IllegalArgumentException e) {
                throw corrupt(path, pos, String.valueOf(e.getMessage()));
            }
            pos += (int) LogRecords.align(LogRecords.HEADER + length);
            if (ends) {
                LogWrite w = write.take();
                try {
                    apply(w);
                } catch (IllegalArgumentException e) {
                    throw corrupt(path, writeStart, String.valueOf(e.getMessage()));
                }
                if (!w.entries().isEmpty()) {
                    maxIndex = Math.max(
                            maxIndex, w.entries().get(w.entries().size() - 1).index());
                }
                writeStart = pos;
            }
        }
        return new Scanned(writeStart, maxIndex);
    }

    /** Whether the bad record at {@code pos} has a plausible length and a valid record after it. */
    private static boolean validRecordFollows(ByteBuffer buf, int pos) {
        int length = buf.getInt(pos);
        if (length <= 0 || length > buf.limit() - pos - LogRecords.HEADER) {
            return false;
        }
        long next = pos + LogRecords.align(LogRecords.HEADER + length);
        return next < buf.limit() && LogRecords.validLength(buf, (int) next) > 0;
    }

    private static StorageException corrupt(Path path, long offset, String what) {
        return new StorageException(
                "raft log segment " + path.getFileName() + " is corrupt at offset " + offset + ": " + what);
    }

    private void apply(LogWrite w) {
        LogRun next = run.after(w);
        if (!w.entries().isEmpty()) {
            long nf = w.entries().get(0).index();
            while (!entries.isEmpty() && entries.getLast().index() >= nf) {
                entries.removeLast();
            }
        }
        if (next.isEmpty()) {
            entries.clear();
        } else {
            while (!entries.isEmpty() && entries.getFirst().index() < next.first()) {
                entries.removeFirst();
            }
            for (LogEntry e : w.entries()) {
                if (e.index() >= next.first()) {
                    entries.addLast(e);
                }
            }
        }
        run = next;
        if (w.hardState().isPresent()) {
            hardState = w.hardState();
        }
        if (w.snapshotMetadata().isPresent()) {
            snapshot = w.snapshotMetadata();
        }
    }
}
