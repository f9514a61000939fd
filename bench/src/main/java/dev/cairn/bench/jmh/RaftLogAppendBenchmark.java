package dev.cairn.bench.jmh;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import dev.cairn.storage.wal.RaftLogStore;
import dev.cairn.storage.wal.RaftLogStore.LogEntry;
import dev.cairn.storage.wal.RaftLogStore.LogWrite;
import dev.cairn.storage.wal.RaftLogStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link RaftLogStore#write} of one 300-byte entry with {@code sync}, as the raft driver persists
 * a proposal before acknowledging it: one RocksDB write and one fsync, on a real RocksDB in a
 * fresh temporary directory. With 16 callers the store's leader-based group commit writes every
 * queued entry in one batch and one fsync, which is what the 16-thread figure shows against the
 * 1-thread one; one caller writing 16 entries at once is the ceiling of that sharing.
 *
 * <p>Threads: JMH's worker threads are the callers; the log store owns no thread. Each caller
 * takes the next index from a counter and calls {@code write} only after the caller of the index
 * before it has called (a handshake on a monitor); still, callers contend for the store's lock and
 * may reach it out of index order, and the store rejects an index beyond its last plus one as a
 * gap (changing nothing). Such a caller writes again right behind the entry before its own (once
 * that one was stored or written again), and if it is refused once more, after that entry is
 * stored, when it must succeed. The appends that needed this are counted and printed at the end
 * of the trial: each cost extra trips through the store and may have missed the group it could
 * have joined, so the 16-caller figure understates the group commit. (In the server the raft log
 * has one caller, the raft driver, which writes each Ready's entries in one call: {@link
 * #appendBatchOf16} is that shape.) The log starts with one entry, because an empty log takes any
 * index as its first (index 2 could land first and then be truncated by index 1).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RaftLogAppendBenchmark {
    private static final int ENTRY_BYTES = 300;
    private static final int BATCH = 16;

    // Set in open(), the trial's @Setup, before any benchmark method runs.
    @SuppressWarnings("NullAway.Init")
    private Path dir;

    @SuppressWarnings("NullAway.Init")
    private RaftLogStore log;

    private ByteString entry = ByteString.EMPTY;
    private final AtomicLong lastIndex = new AtomicLong();
    private final AtomicLong retriedAppends = new AtomicLong();
    private final Object landedLock = new Object();

    /** The highest index whose write returned; every entry up to it is stored. */
    @GuardedBy("landedLock")
    private long landed;

    /** The highest index written again after a rejection (its write may not have returned yet). */
    @GuardedBy("landedLock")
    private long resubmitted;

    /** The highest index whose first write has been called (in index order). */
    @GuardedBy("landedLock")
    private long started;

    @Setup(Level.Trial)
    public void open() {
        dir = BenchFiles.freshDir("raft-log");
        log = RaftLogStores.open(dir);
        entry = BenchFiles.randomBytes(ENTRY_BYTES, 3);
        // The first entry, before any caller runs (see the class comment).
        log.write(LogWrite.append(List.of(new LogEntry(1, entry))));
        lastIndex.set(1);
        retriedAppends.set(0);
        synchronized (landedLock) {
            landed = 1;
            resubmitted = 0;
            started = 1;
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        log.close();
        BenchFiles.delete(dir);
        System.out.printf(
                "%nraft log: %d entries appended, %d of them retried after arriving out of order%n",
                lastIndex.get() - 1, retriedAppends.get());
    }

    /** One caller: every append waits for its own fsync. */
    @Benchmark
    @Threads(1)
    public long append1() throws InterruptedException {
        return append();
    }

    /** 16 callers: appends queued behind a write in progress share the next fsync. */
    @Benchmark
    @Threads(16)
    public long append16() throws InterruptedException {
        return append();
    }

    /**
     * One caller appending {@value #BATCH} entries per write, as the raft driver persists a Ready
     * holding several entries: the group commit's best case (one batch and one fsync for {@value
     * #BATCH} entries, no queueing between callers). Scores per entry.
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public long appendBatchOf16() {
        long first = lastIndex.get() + 1;
        List<LogEntry> entries = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            entries.add(new LogEntry(first + i, entry));
        }
        log.write(LogWrite.append(entries));
        lastIndex.set(first + BATCH - 1);
        return first;
    }

    private long append() throws InterruptedException {
        long index = lastIndex.incrementAndGet();
        LogWrite write = LogWrite.append(List.of(new LogEntry(index, entry)));
        synchronized (landedLock) {
            while (Math.max(started, landed) < index - 1) {
                landedLock.wait();
            }
            started = index;
            landedLock.notifyAll();
        }
        if (!accepted(write)) {
            retriedAppends.incrementAndGet();
            // Resubmit right behind the entry before this one (once that one is resubmitted or
            // stored), so that the callers queued behind a missing entry follow it into the next
            // group in order instead of each waiting for its own fsync.
            synchronized (landedLock) {
                while (Math.max(landed, resubmitted) < index - 1) {
                    landedLock.wait();
                }
                resubmitted = Math.max(resubmitted, index);
                landedLock.notifyAll();
            }
            if (!accepted(write)) {
                synchronized (landedLock) {
                    while (landed < index - 1) {
                        landedLock.wait();
                    }
                }
                log.write(write); // the store now ends at index - 1: rejecting it again is a bug
            }
        }
        synchronized (landedLock) {
            landed = Math.max(landed, index);
            landedLock.notifyAll();
        }
        return index;
    }

    /** Writes; false if the store rejected the entry as a gap (then nothing was written). */
    private boolean accepted(LogWrite write) {
        try {
            log.write(write);
            return true;
        } catch (IllegalArgumentException outOfOrder) {
            return false;
        }
    }
}
