package dev.cairn.raft.sim;

import dev.cairn.raft.Entry;
import dev.cairn.raft.HardState;
import dev.cairn.raft.MemoryStorage;
import dev.cairn.raft.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One node's simulated disk for its raft log: what survives a crash. Owned by the simulation's
 * single thread.
 *
 * <p>Writes go to a page cache ({@link #write}) and become durable at the next {@link #sync()}, in
 * order. A {@link #crash} keeps a random prefix of the unsynced writes (the kernel may have flushed
 * some) and loses the rest. {@link #restore()} builds the storage a restarted node reads.
 *
 * <p>The durable image is an independent model of the log (not a {@link MemoryStorage}), so the
 * invariants read the durable log from code other than the one under test: the entries after
 * {@code (offsetIndex, offsetTerm)} (the last compacted or snapshotted entry), the latest snapshot
 * and the hard state.
 */
final class SimDisk {

    /** Receives every change of the durable log, for the invariants. */
    interface Listener {
        /** {@code e} is now durable on {@code node}, after an entry of term {@code prevTerm}. */
        void entryDurable(long node, Entry e, long prevTerm);

        /** {@code old} was durable on {@code node} and is gone (truncated or replaced). */
        void entryDropped(long node, Entry old);
    }

    /** One write, as the driver issued it. */
    sealed interface Write {
        record Append(List<Entry> entries) implements Write {}

        record SetHardState(HardState hardState) implements Write {}

        record InstallSnapshot(Snapshot snapshot) implements Write {}

        /** A snapshot the node made of its own state, and the log compacted up to compactIndex. */
        record Compact(Snapshot snapshot, long compactIndex) implements Write {}
    }

    private final long node;
    private final Listener listener;
    private final List<Write> cache = new ArrayList<>();
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long offsetIndex;
    private long offsetTerm;
    private Snapshot snapshot = Snapshot.EMPTY;
    private HardState hardState = HardState.EMPTY;

    SimDisk(long node, Listener listener) {
        this.node = node;
        this.listener = listener;
    }

    void write(Write w) {
        cache.add(w);
    }

    /** Makes every cached write durable, in order. */
    void sync() {
        for (Write w : cache) {
            apply(w);
        }
        cache.clear();
    }

    /** A power loss: a random prefix of the unsynced writes reached the disk, the rest is lost. */
    void crash(RandomGenerator random) {
        int kept = cache.isEmpty() ? 0 : random.nextInt(cache.size() + 1);
        for (Write w : cache.subList(0, kept)) {
            apply(w);
        }
        cache.clear();
    }

    /** Whether nothing was ever made durable (a restart must bootstrap again). */
    boolean blank() {
        return entries.isEmpty() && offsetIndex == 0 && hardState.isEmpty();
    }

    /** The storage of a node restarting from this disk. */
    MemoryStorage restore() {
        MemoryStorage storage = new MemoryStorage();
        if (!snapshot.isEmpty()) {
            storage.applySnapshot(snapshot);
        }
        List<Entry> after = entries.stream()
                .filter(e -> e.index() > snapshot.metadata().index())
                .toList();
        storage.append(after);
        storage.setHardState(hardState);
        return storage;
    }

    HardState hardState() {
        return hardState;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** The durable entry at {@code index}, or null if compacted or beyond the end. */
    @Nullable
    Entry entry(long index) {
        long i = index - offsetIndex - 1;
        return i >= 0 && i < entries.size() ? entries.get((int) i) : null;
    }

    long lastIndex() {
        return offsetIndex + entries.size();
    }

    private long termAt(long index) {
        if (index == offsetIndex) {
            return offsetTerm;
        }
        Entry e = entry(index);
        if (e == null) {
            throw new AssertionError("node " + node + ": durable log has no entry " + index);
        }
        return e.term();
    }

    private void apply(Write w) {
        switch (w) {
            case Write.Append a -> append(a.entries());
            case Write.SetHardState s -> hardState = s.hardState();
            case Write.InstallSnapshot s -> installSnapshot(s.snapshot());
            case Write.Compact c -> compact(c.snapshot(), c.compactIndex());
        }
    }

    private void append(List<Entry> es) {
        List<Entry> fresh = es.stream().filter(e -> e.index() > offsetIndex).toList();
        if (fresh.isEmpty()) {
            return;
        }
        long first = fresh.get(0).index();
        if (first > lastIndex() + 1) {
            throw new AssertionError("node " + node + ": append at " + first
                    + " leaves a gap after the durable log's last index " + lastIndex());
        }
        truncateFrom(first, fresh);
        for (Entry e : fresh) {
            long prevTerm = termAt(e.index() - 1);
            entries.add(e);
            listener.entryDurable(node, e, prevTerm);
        }
    }

    /** Drops the entries at index >= first, reporting those that {@code replacement} changes. */
    private void truncateFrom(long first, List<Entry> replacement) {
        long first0 = replacement.isEmpty() ? first : replacement.get(0).index();
        while (lastIndex() >= first) {
            Entry old = entries.remove(entries.size() - 1);
            long k = old.index() - first0;
            boolean same =
                    k >= 0 && k < replacement.size() && replacement.get((int) k).equals(old);
            if (!same) {
                listener.entryDropped(node, old);
            }
        }
    }

    private void installSnapshot(Snapshot s) {
        long index = s.metadata().index();
        truncateFrom(index + 1, List.of());
        entries.clear();
        offsetIndex = index;
        offsetTerm = s.metadata().term();
        snapshot = s;
    }

    private void compact(Snapshot s, long compactIndex) {
        if (compactIndex > offsetIndex) {
            offsetTerm = termAt(compactIndex);
            entries.subList(0, (int) (compactIndex - offsetIndex)).clear();
            offsetIndex = compactIndex;
        }
        snapshot = s;
    }
}
