package dev.cairn.storage.wal;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The durable raft log, byte level: it stores what the server hands it and returns it at start-up,
 * without knowing raft's types. Thread-safe; writes are serialised in call order (the RocksDB
 * implementation commits concurrent callers together, one write and at most one fsync per group).
 *
 * <p>Invariant: the stored entries are one contiguous run of indexes. A write that would leave a
 * gap is rejected with {@link IllegalArgumentException} and changes nothing.
 */
public interface RaftLogStore extends AutoCloseable {

    /** Opens (creating if missing) the log in {@code dir}; same as {@link RaftLogStores#open}. */
    static RaftLogStore open(Path dir) {
        return RaftLogStores.open(dir);
    }

    /**
     * One atomic write (one RocksDB batch, or one run of records recovered whole or not at all): the hard state (if present), the entries (replacing
     * every stored entry at index >= the first one's: entries above the last new one are
     * deleted), the snapshot metadata (if present), and then dropping every entry at index <=
     * {@code compactTo} (if > 0, new entries included). Returns once the batch is written, and,
     * if {@code sync}, fsynced. A write with {@code sync = false} becomes durable with the next
     * synced write (the log is one ordered stream).
     *
     * @throws IllegalArgumentException if the write would leave a gap in the stored entries
     * @throws dev.cairn.storage.mvcc.StorageException if the disk fails (the log then refuses
     *     further writes) or the log is closed
     */
    void write(LogWrite w);

    /**
     * Everything stored, read consistently (one RocksDB snapshot, or under the writers' lock): the hard state, the snapshot
     * metadata and the entries in index order. Every value is checked against its CRC32C.
     *
     * @throws dev.cairn.storage.mvcc.StorageException naming the index (or meta key; for segments,
     *     the segment and offset) of a value whose checksum fails, or where the entries are not
     *     contiguous
     */
    Recovered recover();

    /** Waits for the write in progress, then closes the files. Idempotent. */
    @Override
    void close();

    /**
     * One write. {@code entries} must have consecutive indexes >= 1; {@code compactTo} >= 0 (0 =
     * no compaction).
     */
    record LogWrite(
            Optional<ByteString> hardState,
            List<LogEntry> entries,
            Optional<ByteString> snapshotMetadata,
            long compactTo,
            boolean sync) {
        public LogWrite {
            entries = List.copyOf(entries);
            if (compactTo < 0) {
                throw new IllegalArgumentException("compactTo must be >= 0: " + compactTo);
            }
            for (int i = 1; i < entries.size(); i++) {
                if (entries.get(i).index() != entries.get(i - 1).index() + 1) {
                    throw new IllegalArgumentException("entry indexes must be consecutive: "
                            + entries.get(i - 1).index() + " then "
                            + entries.get(i).index());
                }
            }
        }

        /** Appends entries, synced, with nothing else. */
        public static LogWrite append(List<LogEntry> entries) {
            return new LogWrite(Optional.empty(), entries, Optional.empty(), 0, true);
        }
    }

    /** One raft log entry: its index (>= 1) and its encoded bytes. */
    record LogEntry(long index, ByteString bytes) {
        public LogEntry {
            if (index < 1) {
                throw new IllegalArgumentException("log index must be >= 1: " + index);
            }
        }
    }

    /** What {@link #recover()} found. */
    record Recovered(Optional<ByteString> hardState, Optional<ByteString> snapshotMetadata, List<LogEntry> entries) {
        public Recovered {
            entries = List.copyOf(entries);
        }
    }
}
