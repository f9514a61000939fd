package dev.cairn.bench.jmh;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.storage.mvcc.MvccStore;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * One write transaction holding one Put (8-byte key drawn from a key space of {@code keySpace},
 * 256-byte value) through {@link MvccStore#write(long, MvccStore.WriteBody)}, waited for until
 * durable: the store's share of every etcd Put. The store runs on a real RocksDB in a fresh
 * temporary directory and fsyncs every group commit, so a lone submitter measures roughly one
 * fsync per Put, and 16 submitters show how much the writer's group commit amortises it.
 *
 * <p>Threads: JMH's worker threads submit; the store owns its writer and completer threads. The
 * applied index each write records grows in submission order (as the apply thread's does), so
 * submission is serialised on a small lock that is held only while the write is queued, never
 * while it is waited for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MvccPutBenchmark {

    /** Distinct keys the Puts are spread over. */
    @Param("100000")
    public int keySpace;

    // Set in open(), the trial's @Setup, before any benchmark method runs.
    @SuppressWarnings("NullAway.Init")
    private TempStore db;

    private ByteString[] keys = new ByteString[0];
    private ByteString value = ByteString.EMPTY;
    private final Object submitLock = new Object();

    @GuardedBy("submitLock")
    private long lastIndex;

    @Setup(Level.Trial)
    public void open() {
        db = TempStore.open("mvcc-put");
        keys = BenchFiles.keys(keySpace);
        value = BenchFiles.randomBytes(BenchFiles.VALUE_BYTES, 1);
        synchronized (submitLock) {
            lastIndex = db.store.appliedIndex();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    /** One submitter: Puts in a row, each waiting for its fsync. */
    @Benchmark
    @Threads(1)
    public Optional<KeyValue> put1(KeyPicker picker) {
        return put(picker);
    }

    /** 16 submitters at once: the writer's group commit shares one fsync among queued Puts. */
    @Benchmark
    @Threads(16)
    public Optional<KeyValue> put16(KeyPicker picker) {
        return put(picker);
    }

    private Optional<KeyValue> put(KeyPicker picker) {
        ByteString key = keys[picker.next(keys.length)];
        CompletableFuture<Optional<KeyValue>> done;
        synchronized (submitLock) {
            lastIndex++;
            done = db.store.write(lastIndex, txn -> txn.put(key, value, 0));
        }
        return done.join();
    }
}
