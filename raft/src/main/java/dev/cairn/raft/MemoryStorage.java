package dev.cairn.raft;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link RaftStorage}, as etcd-io/raft's MemoryStorage: the driver appends entries,
 * sets the hard state, applies and creates snapshots and compacts; raft reads. Thread-safe: every
 * method holds this object's monitor (the driver writes while the node reads).
 *
 * <p>The first element of the entry list is a dummy holding the snapshot's index and term, so the
 * first real entry is at {@code snapshot index + 1}.
 */
public final class MemoryStorage implements RaftStorage {
    @GuardedBy("this")
    private HardState hardState = HardState.EMPTY;

    @GuardedBy("this")
    private Snapshot snapshot = Snapshot.EMPTY;

    @GuardedBy("this")
    private final ArrayList<Entry> ents = new ArrayList<>();

    /** An empty storage: no hard state, no snapshot, no entries. */
    public MemoryStorage() {
        ents.add(dummy(0, 0));
    }

    private static Entry dummy(long term, long index) {
        return new Entry(term, index, EntryType.NORMAL, ByteString.EMPTY);
    }

    @Override
    public synchronized InitialState initialState() {
        return new InitialState(hardState, snapshot.metadata().confState());
    }

    /** Records the hard state (the driver calls this with each non-empty {@link Ready#hardState}). */
    public synchronized void setHardState(HardState hs) {
        hardState = hs;
    }

    @Override
    public synchronized List<Entry> entries(long lo, long hi, long maxSize) {
        long offset = ents.get(0).index();
        if (lo <= offset) {
            throw new CompactedException();
        }
        if (hi > lastIndexLocked() + 1) {
            throw new IllegalArgumentException(
                    "entries' hi(" + hi + ") is out of bound lastindex(" + lastIndexLocked() + ")");
        }
        if (ents.size() == 1) {
            throw new UnavailableException();
        }
        return List.copyOf(Entries.limitSize(ents.subList((int) (lo - offset), (int) (hi - offset)), maxSize));
    }

    @Override
    public synchronized long term(long index) {
        long offset = ents.get(0).index();
        if (index < offset) {
            throw new CompactedException();
        }
        if (index - offset >= ents.size()) {
            throw new UnavailableException();
        }
        return ents.get((int) (index - offset)).term();
    }

    @Override
    public synchronized long lastIndex() {
        return lastIndexLocked();
    }

    @GuardedBy("this")
    private long lastIndexLocked() {
        return ents.get(0).index() + ents.size() - 1;
    }

    @Override
    public synchronized long firstIndex() {
        return ents.get(0).index() + 1;
    }

    @Override
    public synchronized Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Replaces the contents with a snapshot (a follower installing its leader's snapshot).
     *
     * @throws SnapshotOutOfDateException if the snapshot is not newer than the stored one
     */
    public synchronized void applySnapshot(Snapshot snap) {
        if (snapshot.metadata().index() >= snap.metadata().index()) {
            throw new SnapshotOutOfDateException();
        }
        snapshot = snap;
        ents.clear();
        ents.add(dummy(snap.metadata().term(), snap.metadata().index()));
    }

    /**
     * Makes a snapshot at applied index {@code index} (which must be in the log) with the given
     * configuration and application data, and returns it. Does not compact.
     *
     * @param confState the configuration at {@code index}, or null to keep the previous snapshot's
     * @throws SnapshotOutOfDateException if {@code index} is not after the current snapshot
     */
    public synchronized Snapshot createSnapshot(long index, @Nullable ConfState confState, ByteString data) {
        if (index <= snapshot.metadata().index()) {
            throw new SnapshotOutOfDateException();
        }
        long offset = ents.get(0).index();
        if (index > lastIndexLocked()) {
            throw new IllegalArgumentException(
                    "snapshot " + index + " is out of bound lastindex(" + lastIndexLocked() + ")");
        }
        long term = ents.get((int) (index - offset)).term();
        ConfState cs = confState != null ? confState : snapshot.metadata().confState();
        snapshot = new Snapshot(new SnapshotMetadata(index, term, cs), data);
        return snapshot;
    }

    /**
     * Discards every entry up to and including {@code compactIndex} (which the caller has applied
     * and snapshotted).
     *
     * @throws CompactedException if already compacted that far
     */
    public synchronized void compact(long compactIndex) {
        long offset = ents.get(0).index();
        if (compactIndex <= offset) {
            throw new CompactedException();
        }
        if (compactIndex > lastIndexLocked()) {
            throw new IllegalArgumentException(
                    "compact " + compactIndex + " is out of bound lastindex(" + lastIndexLocked() + ")");
        }
        int i = (int) (compactIndex - offset);
        List<Entry> rest = new ArrayList<>(ents.subList(i + 1, ents.size()));
        Entry first = ents.get(i);
        ents.clear();
        ents.add(dummy(first.term(), first.index()));
        ents.addAll(rest);
    }

    /**
     * Appends entries (consecutive indexes), replacing every stored entry at the first new index
     * and after. Entries at or before the snapshot are ignored.
     *
     * @throws IllegalArgumentException if the entries would leave a gap after the last entry
     */
    public synchronized void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = ents.get(0).index() + 1;
        long last = entries.get(0).index() + entries.size() - 1;
        if (last < first) {
            return;
        }
        List<Entry> toAdd = entries;
        if (first > toAdd.get(0).index()) {
            toAdd = toAdd.subList((int) (first - toAdd.get(0).index()), toAdd.size());
        }
        long offset = toAdd.get(0).index() - ents.get(0).index();
        if (ents.size() > offset) {
            ents.subList((int) offset, ents.size()).clear();
            ents.addAll(toAdd);
        } else if (ents.size() == offset) {
            ents.addAll(toAdd);
        } else {
            throw new IllegalArgumentException("missing log entry [last: " + lastIndexLocked() + ", append at: "
                    + toAdd.get(0).index() + "]");
        }
    }
}
