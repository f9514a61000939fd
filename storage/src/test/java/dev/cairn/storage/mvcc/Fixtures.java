package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Helpers shared by the storage tests. */
final class Fixtures {
    private Fixtures() {}

    static ByteString b(String s) {
        return ByteString.copyFrom(s, StandardCharsets.ISO_8859_1);
    }

    static String s(ByteString b) {
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e.getCause());
        }
    }

    static long put(MvccStore store, String key, String value) {
        return join(store.write(txn -> {
            txn.put(b(key), b(value), 0);
            return txn.writeRevision();
        }));
    }

    static List<KeyValue> delete(MvccStore store, String key, String end) {
        return join(store.write(txn -> txn.deleteRange(b(key), b(end))));
    }

    static RangeResult range(MvccStore store, RangeQuery q) {
        try (ReadView view = store.read()) {
            return view.range(q);
        }
    }

    static RangeResult all(MvccStore store, long revision) {
        return range(store, at(RangeQuery.of(b("\0"), b("\0")), revision));
    }

    static RangeQuery at(RangeQuery q, long revision) {
        return new RangeQuery(
                q.key(),
                q.rangeEnd(),
                revision,
                q.limit(),
                q.sortOrder(),
                q.sortTarget(),
                q.keysOnly(),
                q.countOnly(),
                q.minModRevision(),
                q.maxModRevision(),
                q.minCreateRevision(),
                q.maxCreateRevision());
    }

    static long currentRevision(MvccStore store) {
        try (ReadView view = store.read()) {
            return view.currentRevision();
        }
    }

    static long compactRevision(MvccStore store) {
        try (ReadView view = store.read()) {
            return view.compactRevision();
        }
    }

    /** "key c=create m=mod v=version value lease" for compact assertions. */
    static String describe(KeyValue kv) {
        return s(kv.getKey()) + " c=" + kv.getCreateRevision() + " m=" + kv.getModRevision() + " v=" + kv.getVersion()
                + " " + s(kv.getValue()) + (kv.getLease() != 0 ? " l=" + kv.getLease() : "");
    }

    static List<String> describe(RangeResult r) {
        return r.kvs().stream().map(Fixtures::describe).toList();
    }

    /** The KeyValue inside a kv_history value. */
    static KeyValue kvOf(byte[] historyValue) {
        return RangeReader.parse(historyValue, 1);
    }

    static List<String> keys(RangeResult r) {
        return r.kvs().stream().map(kv -> s(kv.getKey())).toList();
    }
}
