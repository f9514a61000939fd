package dev.cairn.storage.wal;

import com.google.protobuf.ByteString;
import dev.cairn.storage.wal.RaftLogStore.LogEntry;
import dev.cairn.storage.wal.RaftLogStore.LogWrite;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The record format of {@link SegmentedRaftLogStore}'s segment files. A record is
 *
 * <pre>
 *   BE32 length · BE32 crc32c(body) · body · zero padding to a multiple of 8 bytes
 *   body = type (1 byte; bit 0x80 marks the last record of its write) · payload
 * </pre>
 *
 * where {@code length} counts the body (so a record is never zero-length, and a zero length
 * marks the end of the written part of a segment). Payloads: {@link #ENTRY} {@code BE64(index) ·
 * bytes}; {@link #HARD_STATE} and {@link #SNAPSHOT} the bytes; {@link #COMPACT} {@code
 * BE64(compactTo)}. One {@link LogWrite} is its records in this order (hard state, entries,
 * snapshot metadata, compaction), the last one flagged: a reader applies a write only once it has
 * read its flagged record, so a torn write is dropped whole. Stateless.
 */
final class LogRecords {
    static final int HEADER = 8;
    static final byte ENTRY = 1;
    static final byte HARD_STATE = 2;
    static final byte SNAPSHOT = 3;
    static final byte COMPACT = 4;
    static final byte LAST_OF_WRITE = (byte) 0x80;

    private LogRecords() {}

    static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** Bytes {@link #encode} writes for {@code w}; 0 if it has nothing to store. */
    static int size(LogWrite w) {
        long n = 0;
        if (w.hardState().isPresent()) {
            n += align(HEADER + 1 + w.hardState().get().size());
        }
        for (LogEntry e : w.entries()) {
            n += align(HEADER + 1 + 8 + e.bytes().size());
        }
        if (w.snapshotMetadata().isPresent()) {
            n += align(HEADER + 1 + w.snapshotMetadata().get().size());
        }
        if (w.compactTo() > 0) {
            n += align(HEADER + 1 + 8);
        }
        return Math.toIntExact(n);
    }

    /** Appends {@code w}'s records to {@code out} (which has {@link #size} bytes left). */
    static void encode(LogWrite w, ByteBuffer out) {
        int records = (w.hardState().isPresent() ? 1 : 0)
                + w.entries().size()
                + (w.snapshotMetadata().isPresent() ? 1 : 0)
                + (w.compactTo() > 0 ? 1 : 0);
        int written = 0;
        if (w.hardState().isPresent()) {
            put(out, HARD_STATE, ++written == records, -1, w.hardState().get());
        }
        for (LogEntry e : w.entries()) {
            put(out, ENTRY, ++written == records, e.index(), e.bytes());
        }
        if (w.snapshotMetadata().isPresent()) {
            put(out, SNAPSHOT, ++written == records, -1, w.snapshotMetadata().get());
        }
        if (w.compactTo() > 0) {
            put(out, COMPACT, ++written == records, w.compactTo(), ByteString.EMPTY);
        }
    }

    private static void put(ByteBuffer out, byte type, boolean last, long index, ByteString payload) {
        int start = out.position();
        out.position(start + HEADER);
        out.put(last ? (byte) (type | LAST_OF_WRITE) : type);
        if (index >= 0) {
            out.putLong(index);
        }
        payload.copyTo(out);
        int end = out.position();
        out.putInt(start, end - start - HEADER);
        out.putInt(start + 4, crc(out, start + HEADER, end));
        while (((out.position() - start) & 7) != 0) {
            out.put((byte) 0);
        }
    }

    /** CRC32C of {@code buf[from, to)}; leaves {@code buf}'s position and limit alone. */
    static int crc(ByteBuffer buf, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(to).position(from));
        return (int) crc.getValue();
    }

    /**
     * The length of a record at {@code offset} whose checksum holds: > 0, or 0 at the end of the
     * written part, or -1 if the record is torn or corrupt (length past {@code buf}'s limit or
     * checksum mismatch).
     */
    static int validLength(ByteBuffer buf, int offset) {
        if (offset + HEADER > buf.limit()) {
            return 0;
        }
        int length = buf.getInt(offset);
        if (length == 0) {
            return 0;
        }
        if (length < 0 || length > buf.limit() - offset - HEADER) {
            return -1;
        }
        return crc(buf, offset + HEADER, offset + HEADER + length) == buf.getInt(offset + 4) ? length : -1;
    }

    /** Collects the records of one write, in order; owned by one reader. */
    static final class WriteBuilder {
        private @Nullable ByteString hardState;
        private @Nullable ByteString snapshot;
        private final List<LogEntry> entries = new ArrayList<>();
        private long compactTo;
        private int records;

        /**
         * Adds the checked record at {@code offset} (body {@code length} bytes).
         *
         * @return whether it was the last record of its write
         * @throws IllegalArgumentException if the body is malformed
         */
        boolean add(ByteBuffer buf, int offset, int length) {
            int body = offset + HEADER;
            byte type = buf.get(body);
            records++;
            ByteString payload =
                    ByteString.copyFrom(buf.duplicate().limit(body + length).position(body + 1));
            switch ((byte) (type & ~LAST_OF_WRITE)) {
                case HARD_STATE -> hardState = payload;
                case SNAPSHOT -> snapshot = payload;
                case ENTRY -> entries.add(new LogEntry(index(payload), payload.substring(8)));
                case COMPACT -> compactTo = index(payload);
                default -> throw new IllegalArgumentException("unknown record type " + type);
            }
            return (type & LAST_OF_WRITE) != 0;
        }

        private static long index(ByteString payload) {
            if (payload.size() < 8) {
                throw new IllegalArgumentException("record of " + payload.size() + " bytes has no index");
            }
            return payload.substring(0, 8).asReadOnlyByteBuffer().getLong();
        }

        boolean isEmpty() {
            return records == 0;
        }

        /** The write collected so far; resets the builder. */
        LogWrite take() {
            LogWrite w = new LogWrite(
                    Optional.ofNullable(hardState), entries, Optional.ofNullable(snapshot), compactTo, false);
            hardState = null;
            snapshot = null;
            entries.clear();
            compactTo = 0;
            records = 0;
            return w;
        }
    }
}
