package dev.cairn.storage.wal;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens raft logs. Stateless and thread-safe. */
public final class RaftLogStores {
    private RaftLogStores() {}

    /**
     * Opens (creating if missing) the raft log kept in {@code dir}: a directory of segment files
     * ({@link SegmentedRaftLogStore}), or, when {@code dir} already holds a RocksDB raft log (a
     * file named {@code CURRENT}, written by earlier versions), that RocksDB instance.
     *
     * @throws dev.cairn.storage.mvcc.StorageException if the log cannot be opened or read
     */
    public static RaftLogStore open(Path dir) {
        if (Files.exists(dir.resolve("CURRENT"))) {
            return RocksRaftLogStore.open(dir);
        }
        return SegmentedRaftLogStore.open(dir);
    }
}
