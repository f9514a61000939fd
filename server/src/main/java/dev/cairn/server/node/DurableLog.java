package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Entry;
import dev.cairn.raft.HardState;
import dev.cairn.raft.MemoryStorage;
import dev.cairn.raft.Ready;
import dev.cairn.raft.Snapshot;
import dev.cairn.raft.SnapshotMetadata;
import dev.cairn.storage.wal.RaftLogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The raft log of one member, kept twice: durably in the {@link RaftLogStore} (fsynced when raft
 * says it must) and in the {@link MemoryStorage} raft reads. Owned by the driver thread (the
 * memory storage itself is thread-safe for raft's reads).
 *
 * <p>A snapshot here is metadata only (index, term, voters): its data is {@link #SNAPSHOT_MARKER},
 * because the state it stands for is the MVCC store itself, which the peer transport streams when
 * a follower needs it.
 */
final class DurableLog {
    /** The data of every raft snapshot Cairn makes: the store is the snapshot. */
    static final ByteString SNAPSHOT_MARKER = ByteString.copyFromUtf8("cairn-store-snapshot");

    private final RaftLogStore wal;
    private final MemoryStorage memory;

    private DurableLog(RaftLogStore wal, MemoryStorage memory) {
        this.wal = wal;
        this.memory = memory;
    }

    /**
     * Rebuilds the memory storage from what {@code wal} holds: the last snapshot metadata, the hard
     * state and the entries after the snapshot.
     */
    static DurableLog recover(RaftLogStore wal) {
        RaftLogStore.Recovered r = wal.recover();
        MemoryStorage memory = new MemoryStorage();
        List<Entry> entries = new ArrayList<>(r.entries().size());
        for (RaftLogStore.LogEntry e : r.entries()) {
            entries.add(LogCodec.entry(e.bytes()));
        }
        if (r.snapshotMetadata().isPresent()) {
            SnapshotMetadata meta =
                    LogCodec.snapshotMetadata(r.snapshotMetadata().get());
            long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).index();
            if (!entries.isEmpty() && entries.get(0).index() == 1 && last >= meta.index()) {
                // never compacted: keep the whole log (a member added later needs it from index 1,
                // since installing a store snapshot is not supported) and mark the snapshot on it
                memory.append(entries);
                memory.createSnapshot(meta.index(), meta.confState(), SNAPSHOT_MARKER);
            } else {
                memory.applySnapshot(new Snapshot(meta, SNAPSHOT_MARKER));
                List<Entry> after =
                        entries.stream().filter(e -> e.index() > meta.index()).toList();
                if (!after.isEmpty()) {
                    memory.append(after);
                }
            }
        } else if (!entries.isEmpty()) {
            memory.append(entries);
        }
        r.hardState().map(LogCodec::hardState).ifPresent(memory::setHardState);
        return new DurableLog(wal, memory);
    }

    MemoryStorage memory() {
        return memory;
    }

    /** True when the log holds nothing: a member that never ran. */
    boolean isEmpty() {
        return memory.lastIndex() == 0 && memory.initialState().hardState().equals(HardState.EMPTY);
    }

    /** The index of the last snapshot (0 for none). */
    long snapshotIndex() {
        return memory.snapshot().metadata().index();
    }

    /** The voters and learners of the last snapshot (empty when none). */
    ConfState snapshotConfState() {
        return memory.snapshot().metadata().confState();
    }

    /** Persists what a Ready asks to: snapshot, entries and hard state, in one write. */
    void persist(Ready rd) {
        Snapshot snap = rd.snapshot();
        boolean hasSnap = snap.metadata().index() > 0;
        boolean hasHardState = !rd.hardState().equals(HardState.EMPTY);
        if (!hasSnap && !hasHardState && rd.entries().isEmpty()) {
            return;
        }
        List<RaftLogStore.LogEntry> entries = new ArrayList<>(rd.entries().size());
        for (Entry e : rd.entries()) {
            entries.add(new RaftLogStore.LogEntry(e.index(), LogCodec.entry(e)));
        }
        wal.write(new RaftLogStore.LogWrite(
                hasHardState ? Optional.of(LogCodec.hardState(rd.hardState())) : Optional.empty(),
                entries,
                hasSnap ? Optional.of(LogCodec.snapshotMetadata(snap.metadata())) : Optional.empty(),
                hasSnap ? snap.metadata().index() : 0,
                rd.mustSync() || hasSnap));
        if (hasSnap) {
            memory.applySnapshot(snap);
        }
        if (hasHardState) {
            memory.setHardState(rd.hardState());
        }
        if (!rd.entries().isEmpty()) {
            memory.append(rd.entries());
        }
    }

    /**
     * Records a snapshot at {@code index} (already applied to the store) and drops the entries more
     * than {@code keep} behind it, in memory and on disk.
     *
     * @return the index the log was compacted to, 0 when only the snapshot was recorded, -1 when
     *     there was nothing to do ({@code index} not past the last snapshot)
     */
    long compact(long index, ConfState confState, long keep) {
        if (index <= snapshotIndex() || index > memory.lastIndex()) {
            return -1;
        }
        Snapshot snap = memory.createSnapshot(index, confState, SNAPSHOT_MARKER);
        long compactTo = index - keep;
        if (compactTo >= memory.firstIndex()) {
            memory.compact(compactTo);
        } else {
            compactTo = 0;
        }
        wal.write(new RaftLogStore.LogWrite(
                Optional.empty(), List.of(), Optional.of(LogCodec.snapshotMetadata(snap.metadata())), compactTo, true));
        return compactTo;
    }
}
