package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * A single-step membership change, the data of a {@link EntryType#CONF_CHANGE} entry. Immutable.
 * The bytes are etcd's raftpb.ConfChange protobuf encoding (fields 1 ID=0, 2 type, 3 node id, 4
 * context), written by hand so that this package needs no generated code.
 */
public record ConfChange(ConfChangeType type, long nodeId, ByteString context) {
    public ConfChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(context, "context");
    }

    /** The entry data for this change. */
    public ByteString toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(24 + context.size());
        writeVarint(out, 1 << 3);
        writeVarint(out, 0);
        writeVarint(out, 2 << 3);
        writeVarint(out, type.ordinal());
        writeVarint(out, 3 << 3);
        writeVarint(out, nodeId);
        if (!context.isEmpty()) {
            writeVarint(out, (4 << 3) | 2);
            writeVarint(out, context.size());
            out.writeBytes(context.toByteArray());
        }
        return ByteString.copyFrom(out.toByteArray());
    }

    /**
     * Parses the data of a conf-change entry.
     *
     * @throws IllegalArgumentException if the bytes are not a ConfChange
     */
    public static ConfChange parse(ByteString data) {
        byte[] b = data.toByteArray();
        int[] pos = {0};
        ConfChangeType type = ConfChangeType.ADD_NODE;
        long nodeId = 0;
        ByteString context = ByteString.EMPTY;
        while (pos[0] < b.length) {
            long key = readVarint(b, pos);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (wire == 0) {
                long v = readVarint(b, pos);
                if (field == 2) {
                    if (v < 0 || v >= ConfChangeType.values().length) {
                        throw new IllegalArgumentException("unknown conf change type " + v);
                    }
                    type = ConfChangeType.values()[(int) v];
                } else if (field == 3) {
                    nodeId = v;
                }
            } else if (wire == 2) {
                long len = readVarint(b, pos);
                if (len < 0 || len > b.length - pos[0]) {
                    throw new IllegalArgumentException("truncated conf change");
                }
                if (field == 4) {
                    context = ByteString.copyFrom(b, pos[0], (int) len);
                }
                pos[0] += (int) len;
            } else if (wire == 1) {
                pos[0] += 8;
            } else if (wire == 5) {
                pos[0] += 4;
            } else {
                throw new IllegalArgumentException("bad wire type " + wire + " in conf change");
            }
        }
        if (pos[0] != b.length) {
            throw new IllegalArgumentException("truncated conf change");
        }
        return new ConfChange(type, nodeId, context);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("truncated conf change");
            }
            byte x = b[pos[0]++];
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint in conf change");
    }
}
