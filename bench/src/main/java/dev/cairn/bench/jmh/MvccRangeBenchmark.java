package dev.cairn.bench.jmh;

import com.google.protobuf.ByteString;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.RangeQuery;
import dev.cairn.storage.mvcc.RangeResult;
import dev.cairn.storage.mvcc.ReadView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reads of a store preloaded with {@code keys} keys (8 bytes, 256-byte values) at the latest
 * revision, each through its own {@link MvccStore#read()} view as one Range request is served: a
 * point get, and a 100-key prefix range (etcd's {@code --prefix} on the first 6 of 8 digits) in
 * full, keys-only and count-only. These are the store's share of etcd's Range; serializable and
 * linearizable reads differ only before the store is reached.
 *
 * <p>Threads: one JMH worker thread per benchmark; the store owns its writer thread (idle here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MvccRangeBenchmark {
    private static final int RANGE_KEYS = 100;
    private static final int PRELOAD_TXN_PUTS = 1000;

    /** Keys preloaded; a multiple of 100. */
    @Param("100000")
    public int keys;

    // Set in open(), the trial's @Setup, before any benchmark method runs.
    @SuppressWarnings("NullAway.Init")
    private TempStore db;

    private RangeQuery[] gets = new RangeQuery[0];
    private RangeQuery[] prefixes = new RangeQuery[0];
    private RangeQuery[] prefixesKeysOnly = new RangeQuery[0];
    private RangeQuery[] prefixesCountOnly = new RangeQuery[0];

    @Setup(Level.Trial)
    public void open() {
        if (keys < RANGE_KEYS || keys % RANGE_KEYS != 0) {
            throw new IllegalArgumentException("keys must be a positive multiple of 100: " + keys);
        }
        db = TempStore.open("mvcc-range");
        ByteString[] all = BenchFiles.keys(keys);
        preload(all);
        gets = new RangeQuery[keys];
        for (int i = 0; i < keys; i++) {
            gets[i] = RangeQuery.of(all[i], ByteString.EMPTY);
        }
        int n = keys / RANGE_KEYS;
        prefixes = new RangeQuery[n];
        prefixesKeysOnly = new RangeQuery[n];
        prefixesCountOnly = new RangeQuery[n];
        for (int p = 0; p < n; p++) {
            ByteString prefix = all[p * RANGE_KEYS].substring(0, BenchFiles.KEY_BYTES - 2);
            ByteString end = prefixEnd(prefix);
            prefixes[p] = RangeQuery.of(prefix, end);
            prefixesKeysOnly[p] = query(prefix, end, true, false);
            prefixesCountOnly[p] = query(prefix, end, false, true);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    /** One key by exact match (etcd's {@code get k}). */
    @Benchmark
    public RangeResult pointGet(KeyPicker picker) {
        return range(gets[picker.next(gets.length)]);
    }

    /** 100 keys with their values (etcd's {@code get --prefix}). */
    @Benchmark
    public RangeResult prefix100(KeyPicker picker) {
        return range(prefixes[picker.next(prefixes.length)]);
    }

    /** 100 keys without values ({@code --keys-only}): the same scan, less to copy and encode. */
    @Benchmark
    public RangeResult prefix100KeysOnly(KeyPicker picker) {
        return range(prefixesKeysOnly[picker.next(prefixesKeysOnly.length)]);
    }

    /** The number of keys under the prefix ({@code --count-only}): a scan that parses nothing. */
    @Benchmark
    public RangeResult prefix100CountOnly(KeyPicker picker) {
        return range(prefixesCountOnly[picker.next(prefixesCountOnly.length)]);
    }

    private RangeResult range(RangeQuery q) {
        try (ReadView view = db.store.read()) {
            return view.range(q);
        }
    }

    /** Every key, {@value #PRELOAD_TXN_PUTS} Puts per transaction, all queued before waiting. */
    private void preload(ByteString[] all) {
        ByteString value = BenchFiles.randomBytes(BenchFiles.VALUE_BYTES, 2);
        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (int from = 0; from < all.length; from += PRELOAD_TXN_PUTS) {
            int start = from;
            int end = Math.min(all.length, from + PRELOAD_TXN_PUTS);
            done.add(db.store.write(txn -> {
                for (int i = start; i < end; i++) {
                    txn.put(all[i], value, 0);
                }
                return end - start;
            }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    }

    private static RangeQuery query(ByteString key, ByteString end, boolean keysOnly, boolean countOnly) {
        return new RangeQuery(
                key, end, 0, 0, RangeQuery.SortOrder.NONE, RangeQuery.SortTarget.KEY, keysOnly, countOnly, 0, 0, 0, 0);
    }

    /** etcd's range end for a prefix: the prefix with its last byte incremented (digits never overflow). */
    private static ByteString prefixEnd(ByteString prefix) {
        byte[] end = prefix.toByteArray();
        end[end.length - 1]++;
        return ByteString.copyFrom(end);
    }
}
