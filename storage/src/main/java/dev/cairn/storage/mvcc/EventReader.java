package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.storage.schema.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads the change history as watch events: walks rev_index in revision order and, for each
 * change, reads its version from kv_history and the key's version before that change's
 * transaction (prev_kv, as etcd reads it at main - 1; none for a put that creates the key). Both lookups are one seek each, because
 * kv_history sorts a key's versions newest first. Stateless;
 * safe from any thread with its own source.
 */
final class EventReader {
    private EventReader() {}

    static List<Event> events(
            KvSource src, Database db, long current, long compact, long from, long to, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1: " + maxEvents);
        }
        if (from < compact) {
            throw new CompactedException(from, compact);
        }
        long last = Math.min(to, current);
        List<Event> out = new ArrayList<>();
        if (from > last) {
            return out;
        }
        try (RocksIterator revs = src.iterator(db.revIndex);
                RocksIterator history = src.iterator(db.history)) {
            long lastMain = -1;
            for (revs.seek(Schema.revKey(Math.max(from, 0), 0)); revs.isValid(); revs.next()) {
                byte[] revKey = revs.key();
                long main = Schema.revMain(revKey);
                if (main > last || (out.size() >= maxEvents && main != lastMain)) {
                    break;
                }
                Event event = eventAt(history, Schema.revValueKey(revs.value()), main, Schema.revSub(revKey), compact);
                if (event != null) {
                    out.add(event);
                    lastMain = main;
                }
            }
            check(revs);
            check(history);
        }
        return out;
    }

    /**
     * The event of one change, or null if its version is gone (a write transaction reads without
     * a snapshot, so physical compaction may remove a change at or below C under it).
     */
    private static @Nullable Event eventAt(
            RocksIterator history, ByteString userKey, long main, long sub, long compact) {
        byte[] historyKey = Schema.historyKey(userKey, main, sub);
        history.seek(historyKey);
        if (!history.isValid() || !Arrays.equals(history.key(), historyKey)) {
            return null;
        }
        byte[] value = history.value();
        KeyValue kv = RangeReader.parse(value, 1);
        boolean tombstone = Schema.isTombstone(value);
        Event.Builder event = Event.newBuilder()
                .setType(tombstone ? Event.EventType.DELETE : Event.EventType.PUT)
                .setKv(kv);
        if ((!tombstone && isCreate(kv)) || main - 1 < compact) {
            // a create has no prev_kv; and below the compact revision etcd's read at main - 1
            // fails, whether or not physical compaction has removed that version yet
            return event.build();
        }
        // prev_kv is the key's version before this transaction (etcd reads it at main - 1), so
        // earlier changes of the same key inside the same transaction are skipped.
        history.next();
        while (history.isValid() && sameKey(history.key(), historyKey) && Schema.historyMain(history.key()) == main) {
            history.next();
        }
        if (history.isValid() && sameKey(history.key(), historyKey)) {
            byte[] prev = history.value();
            if (!Schema.isTombstone(prev)) {
                event.setPrevKv(RangeReader.parse(prev, 1));
            }
        }
        return event.build();
    }

    /** True if two history keys belong to the same user key (equal prefix, same length). */
    private static boolean sameKey(byte[] a, byte[] b) {
        int prefix = b.length - Schema.HISTORY_REV_SUFFIX;
        return a.length == b.length && Arrays.equals(a, 0, prefix, b, 0, prefix);
    }

    private static void check(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("iteration failed", e);
        }
    }

    /** The event of a put, as the change feed and {@link #events} shape it. */
    static Event put(KeyValue kv, Optional<KeyValue> prev) {
        Event.Builder e = Event.newBuilder().setType(Event.EventType.PUT).setKv(kv);
        if (!isCreate(kv)) {
            prev.ifPresent(e::setPrevKv);
        }
        return e.build();
    }

    /**
     * A put that starts a key's generation. As etcd, its event carries no prev_kv, even when the
     * same transaction deleted an older generation first.
     */
    static boolean isCreate(KeyValue kv) {
        return kv.getCreateRevision() == kv.getModRevision();
    }

    /**
     * The event of a delete: the tombstone, and as prev_kv the key's version before the
     * transaction (absent if the transaction itself created the key).
     */
    static Event delete(KeyValue tombstone, Optional<KeyValue> beforeTxn) {
        Event.Builder e = Event.newBuilder().setType(Event.EventType.DELETE).setKv(tombstone);
        beforeTxn.ifPresent(e::setPrevKv);
        return e.build();
    }
}
