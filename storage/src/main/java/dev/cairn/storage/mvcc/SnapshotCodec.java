package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.storage.schema.Schema;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;

/**
 * The byte format of snapshot chunks ({@link MvccStore#openSnapshotExport()}, {@link
 * MvccStores#installSnapshot}). A chunk is
 *
 * <pre>
 *   version (1 byte, = 1) · record* · BE32(crc32c of everything before)
 *   record = family id (1 byte) · varint(key length) · key · varint(value length) · value
 *          | 0xFF · varint(number of data records in the whole stream)     (the end record)
 * </pre>
 *
 * A family id is the position of the column family in {@link Schema#COLUMN_FAMILIES}, which is
 * append-only for that reason. The end record is the last record of the last chunk, so a
 * truncated stream is detected. Stateless; thread-safe.
 */
final class SnapshotCodec {
    static final byte VERSION = 1;
    private static final int END = 0xFF;
    private static final int CRC_BYTES = 4;

    private SnapshotCodec() {}

    /** Receives the records of a chunk in order. */
    interface Sink {
        void record(int familyId, byte[] key, byte[] value);

        void end(long records);
    }

    /** Builds one chunk. Not thread-safe. */
    static final class ChunkWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int records;

        ChunkWriter() {
            out.write(VERSION);
        }

        boolean isEmpty() {
            return records == 0;
        }

        /** Size of the finished chunk so far. */
        int size() {
            return out.size() + CRC_BYTES;
        }

        /** Encoded size of a data record. */
        static int recordSize(byte[] key, byte[] value) {
            return 1 + varintSize(key.length) + key.length + varintSize(value.length) + value.length;
        }

        void add(int familyId, byte[] key, byte[] value) {
            out.write(familyId);
            writeVarint(key.length);
            out.writeBytes(key);
            writeVarint(value.length);
            out.writeBytes(value);
            records++;
        }

        void end(long totalRecords) {
            out.write(END);
            writeVarint(totalRecords);
            records++;
        }

        ByteString finish() {
            CRC32C crc = new CRC32C();
            byte[] body = out.toByteArray();
            crc.update(body);
            int c = (int) crc.getValue();
            byte[] chunk = new byte[body.length + CRC_BYTES];
            System.arraycopy(body, 0, chunk, 0, body.length);
            for (int i = 0; i < CRC_BYTES; i++) {
                chunk[body.length + i] = (byte) (c >>> (24 - 8 * i));
            }
            return ByteString.copyFrom(chunk);
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    /** Largest encoded size of an end record. */
    static final int END_RECORD_BYTES = 1 + 10;

    /**
     * Checks a chunk's version and checksum and hands its records to {@code sink}.
     *
     * @throws StorageException if the chunk is corrupt or malformed
     */
    static void read(ByteString chunk, Sink sink) {
        byte[] bytes = chunk.toByteArray();
        if (bytes.length < 1 + CRC_BYTES) {
            throw new StorageException("snapshot chunk of " + bytes.length + " bytes is too short");
        }
        int bodyLength = bytes.length - CRC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bodyLength);
        int stored = 0;
        for (int i = 0; i < CRC_BYTES; i++) {
            stored = (stored << 8) | (bytes[bodyLength + i] & 0xFF);
        }
        if (stored != (int) crc.getValue()) {
            throw new StorageException("snapshot chunk is corrupt: checksum mismatch");
        }
        if (bytes[0] != VERSION) {
            throw new StorageException("snapshot chunk has unknown format version " + bytes[0]);
        }
        Reader r = new Reader(bytes, 1, bodyLength);
        while (r.pos < r.limit) {
            int family = bytes[r.pos++] & 0xFF;
            if (family == END) {
                long total = r.varint();
                if (r.pos != r.limit) {
                    throw new StorageException("snapshot chunk has records after its end record");
                }
                sink.end(total);
                return;
            }
            byte[] key = r.bytes((int) r.varint());
            byte[] value = r.bytes((int) r.varint());
            sink.record(family, key, value);
        }
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static final class Reader {
        final byte[] bytes;
        int pos;
        final int limit;

        Reader(byte[] bytes, int pos, int limit) {
            this.bytes = bytes;
            this.pos = pos;
            this.limit = limit;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) {
                    throw new StorageException("snapshot chunk is malformed: truncated length");
                }
                byte b = bytes[pos++];
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new StorageException("snapshot chunk is malformed: bad length");
        }

        byte[] bytes(int n) {
            if (n < 0 || n > limit - pos) {
                throw new StorageException("snapshot chunk is malformed: record overruns the chunk");
            }
            byte[] out = new byte[n];
            System.arraycopy(bytes, pos, out, 0, n);
            pos += n;
            return out;
        }
    }
}
