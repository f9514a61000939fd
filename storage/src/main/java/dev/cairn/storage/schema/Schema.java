package dev.cairn.storage.schema;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The one place that declares the on-disk layout: every column family, every meta key and every
 * key and value encoding. Nothing else in the module invents bytes that reach RocksDB. All
 * integers are 8-byte big-endian; keys compare as unsigned bytes (RocksDB's default bytewise
 * comparator). Stateless and thread-safe.
 *
 * <p>See {@code docs/design/storage.md} for the picture.
 */
public final class Schema {
    private Schema() {}

    // ---------------------------------------------------------------- column families

    /** RocksDB's mandatory default column family. Cairn writes nothing to it. */
    public static final String CF_DEFAULT = "default";

    /**
     * Small bookkeeping values, keyed by the {@code META_*} keys below, each value an 8-byte
     * big-endian long. The only column family read at start-up.
     */
    public static final String CF_META = "meta";

    /**
     * Live keys only: raw user key -> serialized {@code mvccpb.KeyValue} of the newest version.
     * A delete removes the entry. Serves reads at the current revision and the writer's
     * read-modify-write (version, create_revision). Raw keys need no escaping here because the
     * whole RocksDB key is the user key.
     */
    public static final String CF_KV_LATEST = "kv_latest";

    /**
     * Every version that compaction has not removed: {@link #historyKey} -> {@link
     * #historyValue}. Within one user key, versions sort newest first, so "the newest version at
     * or below revision R" is one seek to {@link #historySeek}.
     */
    public static final String CF_KV_HISTORY = "kv_history";

    /**
     * Change log by revision: {@link #revKey} -> {@link #revValue} (change type + user key).
     * Compaction walks it in revision order to find what to delete; watch replays events from it.
     */
    public static final String CF_REV_INDEX = "rev_index";

    /**
     * Granted leases: {@link #leaseKey} -> {@link #leaseValue} (granted TTL and checkpointed
     * remaining TTL). Written by lease grants, checkpoints and revokes; never bumps the revision.
     */
    public static final String CF_LEASES = "leases";

    /**
     * Which live keys are attached to which lease: {@link #leaseKeysKey} -> empty value. Maintained
     * by the writer in the same batch as every kv_latest change (attach on put with a lease,
     * detach on a put with another lease or none, and on delete), so it always agrees with the
     * {@code lease} field of the kv_latest entries.
     */
    public static final String CF_LEASE_KEYS = "lease_keys";

    /**
     * Cluster records of the replicated state machine (members, cluster version): raw record key
     * -> raw value, both chosen by the server. Written by write transactions in the same batch as
     * the applied index; never bumps the revision. Added with raft: a store created before it gets
     * the column family, empty, when it is opened (missing column families are created).
     */
    public static final String CF_CLUSTER = "cluster";

    /** Every column family, in the order the store opens them. */
    public static final List<String> COLUMN_FAMILIES = List.of(
            CF_DEFAULT, CF_META, CF_KV_LATEST, CF_KV_HISTORY, CF_REV_INDEX, CF_LEASES, CF_LEASE_KEYS, CF_CLUSTER);

    // ---------------------------------------------------------------- meta keys

    /**
     * The store's current revision (last main revision that changed something). Absent = 1 (an
     * empty store). Written in the same batch as every revision-bumping transaction.
     */
    public static final byte[] META_CURRENT_REV = ascii("current_rev");

    /**
     * The logical compact revision: reads below it fail. Absent = never compacted, which the
     * writer treats as {@link #NEVER_COMPACTED} (so, as in etcd, a first Compact at revision 0 is
     * accepted) and reads report as -1. Also the target of the physical compaction that is
     * scheduled (running, or to resume at open) while {@link #META_FINISHED_COMPACT_REV} is lower.
     * Replaces etcd's separate scheduled-compact key: the logical and scheduled revision are always
     * written together, so one key suffices.
     */
    public static final byte[] META_COMPACT_REV = ascii("compact_rev");

    /**
     * The compact revision whose physical deletion finished. Absent = 0. At open, if it is below
     * {@link #META_COMPACT_REV} the physical compaction is resumed.
     */
    public static final byte[] META_FINISHED_COMPACT_REV = ascii("finished_compact_rev");

    /**
     * The raft log index of the last entry applied to this store. Absent = 0 (a new store).
     * Written in the same batch as the changes of the write or compaction that applied the entry
     * (alone when the entry changed nothing or failed), so after a crash the data and the index
     * agree: replay resumes at the next entry, neither losing nor repeating one. Never decreases.
     */
    public static final byte[] META_APPLIED_INDEX = ascii("applied_index");

    /** The compact revision of a store that was never compacted (absent {@link #META_COMPACT_REV}). */
    public static final long NEVER_COMPACTED = -1;

    // ---------------------------------------------------------------- value tags

    /** First byte of a history value or rev_index value: a put. */
    public static final byte TYPE_PUT = 0;

    /** First byte of a history value or rev_index value: a delete (tombstone). */
    public static final byte TYPE_TOMBSTONE = 1;

    // ---------------------------------------------------------------- longs

    /** 8-byte big-endian encoding, used for meta values. */
    public static byte[] encodeLong(long v) {
        byte[] out = new byte[8];
        putLong(out, 0, v);
        return out;
    }

    /** Reverses {@link #encodeLong}; {@code fallback} if the value is absent. */
    public static long decodeLong(byte @Nullable [] bytes, long fallback) {
        return bytes == null ? fallback : getLong(bytes, 0);
    }

    // ---------------------------------------------------------------- kv_history keys

    /** Length of the revision suffix of a history key: ~main and ~sub, 8 bytes each. */
    public static final int HISTORY_REV_SUFFIX = 16;

    /**
     * The per-user-key prefix of history keys: {@code escape(userKey) + 0x00 0x00}. Escaping
     * writes each 0x00 byte as 0x00 0xFF and leaves other bytes alone, so the terminator 0x00 0x00
     * cannot occur inside an escaped key. The encoding is order-preserving (prefix(a) < prefix(b)
     * iff a < b) and prefix-free (no prefix starts another), so all versions of one key are
     * contiguous and keys keep their order.
     */
    public static byte[] historyPrefix(ByteString userKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(userKey.size() + 2 + HISTORY_REV_SUFFIX);
        for (int i = 0; i < userKey.size(); i++) {
            byte b = userKey.byteAt(i);
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    /**
     * A history key: {@code historyPrefix(userKey) + BE(~main) + BE(~sub)}. The bitwise
     * complement makes newer revisions (and later changes within one revision) sort first.
     */
    public static byte[] historyKey(ByteString userKey, long main, long sub) {
        byte[] prefix = historyPrefix(userKey);
        byte[] out = Arrays.copyOf(prefix, prefix.length + HISTORY_REV_SUFFIX);
        putLong(out, prefix.length, ~main);
        putLong(out, prefix.length + 8, ~sub);
        return out;
    }

    /**
     * Seek target for "newest version of the key with main revision <= rev": the first history
     * key at or after {@code prefix + BE(~rev)} is that version, if it still has the prefix.
     */
    public static byte[] historySeek(byte[] prefix, long rev) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + 8);
        putLong(out, prefix.length, ~rev);
        return out;
    }

    /**
     * A bound just after every version of the key with this prefix and before any later key:
     * the terminator 0x00 0x00 becomes 0x00 0x01, which no escaped key continuation (0x00 0xFF or
     * a non-zero byte) undercuts.
     */
    public static byte[] historyPrefixEnd(byte[] prefix) {
        byte[] out = prefix.clone();
        out[out.length - 1] = 1;
        return out;
    }

    /** The prefix part of a history key (everything but the revision suffix). */
    public static byte[] historyPrefixOf(byte[] historyKey) {
        return Arrays.copyOf(historyKey, historyKey.length - HISTORY_REV_SUFFIX);
    }

    /** Main revision of a history key. */
    public static long historyMain(byte[] historyKey) {
        return ~getLong(historyKey, historyKey.length - HISTORY_REV_SUFFIX);
    }

    /** Sub revision of a history key. */
    public static long historySub(byte[] historyKey) {
        return ~getLong(historyKey, historyKey.length - 8);
    }

    /** History value: one {@code TYPE_*} byte, then the serialized KeyValue. */
    public static byte[] historyValue(byte type, byte[] keyValue) {
        byte[] out = new byte[keyValue.length + 1];
        out[0] = type;
        System.arraycopy(keyValue, 0, out, 1, keyValue.length);
        return out;
    }

    /** True if a history value is a tombstone. */
    public static boolean isTombstone(byte[] historyValue) {
        return historyValue[0] == TYPE_TOMBSTONE;
    }

    /** The serialized KeyValue part of a history value. */
    public static ByteString historyKeyValue(byte[] historyValue) {
        return ByteString.copyFrom(historyValue, 1, historyValue.length - 1);
    }

    // ---------------------------------------------------------------- rev_index

    /** A rev_index key: {@code BE(main) + BE(sub)}; ascending revision order. */
    public static byte[] revKey(long main, long sub) {
        byte[] out = new byte[16];
        putLong(out, 0, main);
        putLong(out, 8, sub);
        return out;
    }

    /** Main revision of a rev_index key. */
    public static long revMain(byte[] revKey) {
        return getLong(revKey, 0);
    }

    /** Sub revision of a rev_index key. */
    public static long revSub(byte[] revKey) {
        return getLong(revKey, 8);
    }

    /** A rev_index value: one {@code TYPE_*} byte, then the raw user key. */
    public static byte[] revValue(byte type, ByteString userKey) {
        byte[] out = new byte[userKey.size() + 1];
        out[0] = type;
        userKey.copyTo(out, 1);
        return out;
    }

    /** The user key of a rev_index value. */
    public static ByteString revValueKey(byte[] revValue) {
        return ByteString.copyFrom(revValue, 1, revValue.length - 1);
    }

    /** The {@code TYPE_*} byte of a rev_index value. */
    public static byte revValueType(byte[] revValue) {
        return revValue[0];
    }

    // ---------------------------------------------------------------- leases and lease_keys

    /**
     * A leases key: the lease ID, 8 bytes big-endian with the sign bit flipped, so keys sort in
     * signed ID order (etcd's IDs are positive; a negative one still sorts first).
     */
    public static byte[] leaseKey(long id) {
        return encodeLong(id ^ Long.MIN_VALUE);
    }

    /** Reverses {@link #leaseKey} (also reads the lease ID at the start of a lease_keys key). */
    public static long leaseIdOf(byte[] leaseKey) {
        return getLong(leaseKey, 0) ^ Long.MIN_VALUE;
    }

    /** A leases value: {@code BE(ttl) + BE(remainingTtl)}, in seconds (remaining 0 = none). */
    public static byte[] leaseValue(long ttl, long remainingTtl) {
        byte[] out = new byte[16];
        putLong(out, 0, ttl);
        putLong(out, 8, remainingTtl);
        return out;
    }

    /** The granted TTL of a leases value. */
    public static long leaseTtl(byte[] leaseValue) {
        return getLong(leaseValue, 0);
    }

    /** The checkpointed remaining TTL of a leases value (0 = none recorded). */
    public static long leaseRemainingTtl(byte[] leaseValue) {
        return getLong(leaseValue, 8);
    }

    /**
     * A lease_keys key: {@link #leaseKey}{@code (leaseId) + raw user key}. The lease part has a
     * fixed length, so the keys of one lease are contiguous and in user-key order.
     */
    public static byte[] leaseKeysKey(long leaseId, ByteString userKey) {
        byte[] out = Arrays.copyOf(leaseKey(leaseId), 8 + userKey.size());
        userKey.copyTo(out, 8);
        return out;
    }

    /** The user key part of a lease_keys key. */
    public static ByteString leaseKeysUserKey(byte[] leaseKeysKey) {
        return ByteString.copyFrom(leaseKeysKey, 8, leaseKeysKey.length - 8);
    }

    // ---------------------------------------------------------------- the raft log (wal) database

    /*
     * The raft log is a second RocksDB instance of its own (the server puts it in
     * <member dir>/wal), opened by dev.cairn.storage.wal. It shares no column family with the MVCC
     * database above. Every value it stores is framed by logValue: a CRC32C over the key and the
     * payload, so a torn or corrupted value is detected when the log is recovered (RocksDB's block
     * checksums cover the SST files; this covers the value end to end, WAL replay included).
     */

    /**
     * Raft log meta: {@link #LOG_META_HARD_STATE} and {@link #LOG_META_SNAPSHOT}, each a {@link
     * #logValue} around the caller's bytes.
     */
    public static final String CF_LOG_META = "log_meta";

    /**
     * Raft log entries: {@link #logEntryKey}{@code (index)} -> {@link #logValue} around the entry
     * bytes. Indexes sort in numeric order (they are positive). The stored entries are always one
     * contiguous run of indexes.
     */
    public static final String CF_LOG_ENTRIES = "log_entries";

    /** Every column family of the raft log database, in the order it opens them. */
    public static final List<String> LOG_COLUMN_FAMILIES = List.of(CF_DEFAULT, CF_LOG_META, CF_LOG_ENTRIES);

    /** Log meta key: the last hard state written (raft's term, vote, commit; opaque here). */
    public static final byte[] LOG_META_HARD_STATE = ascii("hard_state");

    /** Log meta key: the metadata of the newest snapshot written (opaque here). */
    public static final byte[] LOG_META_SNAPSHOT = ascii("snapshot_metadata");

    /** Length of the CRC32C prefix of a {@link #logValue}. */
    public static final int LOG_CRC_BYTES = 4;

    /** A log_entries key: {@code BE(index)}. */
    public static byte[] logEntryKey(long index) {
        return encodeLong(index);
    }

    /** The index of a log_entries key. */
    public static long logEntryIndex(byte[] key) {
        return getLong(key, 0);
    }

    /**
     * A raft log value: {@code BE32(crc32c(key + payload)) + payload}. The key takes part in the
     * checksum, so a value that ended up under another key is caught as well.
     */
    public static byte[] logValue(byte[] key, ByteString payload) {
        byte[] out = new byte[LOG_CRC_BYTES + payload.size()];
        payload.copyTo(out, LOG_CRC_BYTES);
        int crc = logCrc(key, out);
        for (int i = 0; i < LOG_CRC_BYTES; i++) {
            out[i] = (byte) (crc >>> (24 - 8 * i));
        }
        return out;
    }

    /** The payload of a {@link #logValue} stored under {@code key}; null if the checksum fails. */
    public static @Nullable ByteString logPayload(byte[] key, byte[] value) {
        if (value.length < LOG_CRC_BYTES) {
            return null;
        }
        int stored = 0;
        for (int i = 0; i < LOG_CRC_BYTES; i++) {
            stored = (stored << 8) | (value[i] & 0xFF);
        }
        if (stored != logCrc(key, value)) {
            return null;
        }
        return ByteString.copyFrom(value, LOG_CRC_BYTES, value.length - LOG_CRC_BYTES);
    }

    private static int logCrc(byte[] key, byte[] framedValue) {
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(framedValue, LOG_CRC_BYTES, framedValue.length - LOG_CRC_BYTES);
        return (int) crc.getValue();
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void putLong(byte[] out, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            out[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] in, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[off + i] & 0xFFL);
        }
        return v;
    }
}
