package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import dev.cairn.storage.wal.RaftLogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A raft log store in memory with the contract's write semantics (entries replace every stored
 * entry at or after the first new one; compaction drops entries at or below compactTo); it
 * survives a node's restart as a file would. Thread-safe.
 */
final class MemLogStore implements RaftLogStore {
    private final TreeMap<Long, ByteString> entries = new TreeMap<>(); // guarded by this
    private Optional<ByteString> hardState = Optional.empty(); // guarded by this
    private Optional<ByteString> snapshotMetadata = Optional.empty(); // guarded by this
    private int syncedWrites; // guarded by this

    @Override
    public synchronized void write(LogWrite w) {
        w.hardState().ifPresent(h -> hardState = Optional.of(h));
        if (!w.entries().isEmpty()) {
            entries.tailMap(w.entries().get(0).index(), true).clear();
            w.entries().forEach(e -> entries.put(e.index(), e.bytes()));
        }
        w.snapshotMetadata().ifPresent(s -> snapshotMetadata = Optional.of(s));
        if (w.compactTo() > 0) {
            entries.headMap(w.compactTo(), true).clear();
        }
        if (w.sync()) {
            syncedWrites++;
        }
    }

    @Override
    public synchronized Recovered recover() {
        List<LogEntry> list = new ArrayList<>();
        for (Map.Entry<Long, ByteString> e : entries.entrySet()) {
            list.add(new LogEntry(e.getKey(), e.getValue()));
        }
        return new Recovered(hardState, snapshotMetadata, list);
    }

    synchronized long firstIndex() {
        return entries.isEmpty() ? 0 : entries.firstKey();
    }

    synchronized boolean hasSnapshot() {
        return snapshotMetadata.isPresent();
    }

    synchronized int syncedWrites() {
        return syncedWrites;
    }

    @Override
    public void close() {}
}
