package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.storage.mvcc.RangeQuery.SortOrder;
import dev.cairn.storage.mvcc.RangeQuery.SortTarget;
import dev.cairn.storage.schema.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * etcd's Range over a {@link KvSource}: revision checks, the key-range conventions, count,
 * limit/more, sorting (including the implicit-ascend quirk), revision filters, keys_only and
 * count_only. Reads at the current revision scan {@code kv_latest}; older reads scan {@code
 * kv_history}, one seek per distinct key. Stateless; safe from any thread with its own source.
 */
final class RangeReader {
    private RangeReader() {}

    static RangeResult range(RangeQuery q, KvSource src, Database db, long current, long compact) {
        long rev = q.revision() <= 0 ? current : q.revision();
        if (rev > current) {
            throw new FutureRevisionException(rev, current);
        }
        if (rev < compact) {
            throw new CompactedException(rev, compact);
        }
        boolean filtered = q.minModRevision() != 0
                || q.maxModRevision() != 0
                || q.minCreateRevision() != 0
                || q.maxCreateRevision() != 0;
        long fetch;
        if (q.countOnly()) {
            fetch = 0;
        } else if (q.sortOrder() != SortOrder.NONE || filtered || q.limit() == 0) {
            fetch = Long.MAX_VALUE; // everything; sort, filter and truncate afterwards
        } else {
            fetch = q.limit() == Long.MAX_VALUE ? q.limit() : q.limit() + 1; // one extra: more?
        }
        Collector c = new Collector(fetch);
        KeyRange range = KeyRange.of(q.key(), q.rangeEnd());
        if (rev == current) {
            scanLatest(range, src, db, c);
        } else {
            scanHistory(range, src, db, rev, c);
        }
        if (q.countOnly()) {
            return new RangeResult(List.of(), false, c.count, current);
        }
        List<KeyValue> kvs = c.kvs;
        if (filtered) {
            kvs.removeIf(kv -> !passes(q, kv));
        }
        sort(q, kvs);
        boolean more = false;
        if (q.limit() > 0 && kvs.size() > q.limit()) {
            kvs = kvs.subList(0, (int) q.limit());
            more = true;
        }
        if (q.keysOnly()) {
            kvs = kvs.stream()
                    .map(kv -> kv.toBuilder().setValue(ByteString.EMPTY).build())
                    .toList();
        }
        return new RangeResult(kvs, more, c.count, current);
    }

    /** Visits the live KeyValues of a range in key order (kv_latest). */
    static void scanLatest(KeyRange range, KvSource src, Database db, Collector c) {
        if (range.empty) {
            return;
        }
        if (range.single) {
            byte[] v = src.get(db.latest, range.start.toByteArray());
            if (v != null) {
                c.accept(v, 0);
            }
            return;
        }
        byte[] end = range.rawEnd();
        try (RocksIterator it = src.iterator(db.latest)) {
            for (it.seek(range.start.toByteArray()); it.isValid(); it.next()) {
                if (KeyRange.pastEnd(it.key(), end)) {
                    break;
                }
                if (c.full()) {
                    c.count++; // count only: no need to copy the value
                } else {
                    c.accept(it.value(), 0);
                }
            }
            check(it);
        }
    }

    /** Visits the KeyValues live at {@code rev} in key order (kv_history, seek per key). */
    private static void scanHistory(KeyRange range, KvSource src, Database db, long rev, Collector c) {
        if (range.empty) {
            return;
        }
        try (RocksIterator it = src.iterator(db.history)) {
            if (range.single) {
                visitAt(it, Schema.historyPrefix(range.start), rev, c);
                return;
            }
            ByteString endKey = range.end;
            byte[] endPrefix = endKey == null ? null : Schema.historyPrefix(endKey);
            it.seek(Schema.historyPrefix(range.start));
            while (it.isValid()) {
                byte[] key = it.key();
                if (KeyRange.pastEnd(key, endPrefix)) {
                    break;
                }
                byte[] prefix = Schema.historyPrefixOf(key);
                visitAt(it, prefix, rev, c);
                it.seek(Schema.historyPrefixEnd(prefix));
            }
            check(it);
        }
    }

    /** Positions on the newest version of one key at or below rev; visits it unless deleted. */
    private static void visitAt(RocksIterator it, byte[] prefix, long rev, Collector c) {
        it.seek(Schema.historySeek(prefix, rev));
        if (it.isValid() && startsWith(it.key(), prefix)) {
            byte[] v = it.value();
            if (!Schema.isTombstone(v)) {
                c.accept(v, 1);
            }
        }
    }

    private static boolean passes(RangeQuery q, KeyValue kv) {
        return (q.minModRevision() == 0 || kv.getModRevision() >= q.minModRevision())
                && (q.maxModRevision() == 0 || kv.getModRevision() <= q.maxModRevision())
                && (q.minCreateRevision() == 0 || kv.getCreateRevision() >= q.minCreateRevision())
                && (q.maxCreateRevision() == 0 || kv.getCreateRevision() <= q.maxCreateRevision());
    }

    private static void sort(RangeQuery q, List<KeyValue> kvs) {
        SortOrder order = q.sortOrder();
        if (order == SortOrder.NONE && q.sortTarget() != SortTarget.KEY) {
            order = SortOrder.ASCEND; // etcd's quirk: the limit was already applied to the fetch
        }
        if (order == SortOrder.NONE || (order == SortOrder.ASCEND && q.sortTarget() == SortTarget.KEY)) {
            return; // scans return ascending key order already
        }
        Comparator<KeyValue> cmp = switch (q.sortTarget()) {
            case KEY -> Comparator.comparing(KeyValue::getKey, KeyRange.ORDER);
            case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
            case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
            case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
            case VALUE -> Comparator.comparing(KeyValue::getValue, KeyRange.ORDER);
        };
        kvs.sort(order == SortOrder.DESCEND ? cmp.reversed() : cmp);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static void check(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("iteration failed", e);
        }
    }

    static KeyValue parse(byte[] bytes, int offset) {
        try {
            return KeyValue.parseFrom(CodedInputStream.newInstance(bytes, offset, bytes.length - offset));
        } catch (IOException e) {
            throw new StorageException("corrupt KeyValue", e);
        }
    }

    /** Counts every visited key and keeps the first {@code fetch} of them. Not thread-safe. */
    static final class Collector {
        private final long fetch;
        long count;
        final List<KeyValue> kvs = new ArrayList<>();

        Collector(long fetch) {
            this.fetch = fetch;
        }

        boolean full() {
            return kvs.size() >= fetch;
        }

        void accept(byte[] value, int offset) {
            count++;
            if (kvs.size() < fetch) {
                kvs.add(parse(value, offset));
            }
        }
    }
}
