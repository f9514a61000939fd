package dev.cairn.bench.jmh;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.server.kv.KvMachine;
import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.replication.Applied;
import dev.cairn.server.replication.EntryApplier;
import dev.cairn.server.replication.TimeoutScheduler;
import dev.cairn.server.replication.Waiters;
import dev.cairn.server.time.Ticker;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * A committed Put entry applied end to end, as the raft apply thread hands it over: the entry's
 * bytes (a serialized {@link ReplicatedRequest}, as stored in the raft log) go to {@link
 * EntryApplier#apply(long, ByteString)}, the public method behind the member's {@code
 * StateMachine.applyNormal}, which decodes them, runs the {@link KvMachine}'s Put in a store write
 * transaction that records the entry's index, builds the PutResponse, and completes once the
 * batch is fsynced. That is where every member spends its time per write after raft has
 * committed it; the figure is the ceiling on a member's applied writes per second.
 *
 * <p>Two shapes: one entry at a time, each waited for (dominated by one fsync per entry), and
 * {@value #PIPELINE} entries applied in a row before waiting for the last, as the apply loop does
 * with a batch of committed entries (the store's group commit then shares the fsyncs, so decode,
 * apply and response building show). No proposer waits on these entries (request IDs are not
 * registered), as on a follower; a leader would also complete a waiter per entry.
 *
 * <p>Threads: one JMH worker thread is the apply thread (the applier requires exactly one); the
 * store owns its writer and completer threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ApplyPathBenchmark {
    /** Entries applied per invocation of {@link #applyPutPipelined}. */
    static final int PIPELINE = 64;

    private static final int ENTRY_POOL = 4096;

    /** Distinct keys the Puts are spread over. */
    @Param("100000")
    public int keySpace;

    // Set in open(), the trial's @Setup, before any benchmark method runs.
    @SuppressWarnings("NullAway.Init")
    private TempStore db;

    @SuppressWarnings("NullAway.Init")
    private EntryApplier applier;

    private ByteString[] entries = new ByteString[0];
    private long lastIndex; // owned by the one JMH worker thread (the apply thread)

    @Setup(Level.Trial)
    public void open() {
        db = TempStore.open("apply");
        LeaseMachine leases = LeaseMachine.empty(LeaseConfig.defaults(), Ticker.system());
        // Nothing registers a waiter here, so the scheduler never gets a timeout to run.
        Waiters waiters = new Waiters(TimeoutScheduler.daemon("cairn-jmh-timeouts"), Waiters.DEFAULT_TIMEOUT);
        applier = new EntryApplier(db.store, new KvMachine(leases::exists), leases, waiters);
        lastIndex = applier.appliedIndex();
        entries = encodedPuts(keySpace);
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    /** One entry applied and waited for until durable: decode + apply + response + one fsync. */
    @Benchmark
    public Applied applyPut() {
        return apply().join();
    }

    /**
     * {@value #PIPELINE} entries applied back to back, then the last one waited for (the store
     * completes them in order): the per-entry cost with group commit sharing the fsyncs.
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public Applied applyPutPipelined() {
        CompletableFuture<Applied> last = apply();
        for (int i = 1; i < PIPELINE; i++) {
            last = apply();
        }
        return last.join();
    }

    private CompletableFuture<Applied> apply() {
        lastIndex++;
        return applier.apply(lastIndex, entries[(int) (lastIndex % entries.length)]);
    }

    /** Serialized Put requests (8-byte random keys from the key space, 256-byte values). */
    private static ByteString[] encodedPuts(int keySpace) {
        SplittableRandom random = new SplittableRandom(4);
        ByteString value = BenchFiles.randomBytes(BenchFiles.VALUE_BYTES, 5);
        ByteString[] encoded = new ByteString[ENTRY_POOL];
        for (int i = 0; i < encoded.length; i++) {
            PutRequest put = PutRequest.newBuilder()
                    .setKey(BenchFiles.key(random.nextInt(keySpace)))
                    .setValue(value)
                    .build();
            encoded[i] = ReplicatedRequest.newBuilder()
                    .setId(i + 1)
                    .setPut(put)
                    .build()
                    .toByteString();
        }
        return encoded;
    }
}
