package dev.cairn.storage.wal;

import java.nio.file.Path;

/** Opens raft logs. Stateless and thread-safe. */
public final class RaftLogStores {
    private RaftLogStores() {}

    /**
     * Opens (creating if missing) the raft log kept in {@code dir}, a RocksDB instance of its own.
     * Reads only the first and last entry index at open.
     *
     * @throws dev.cairn.storage.mvcc.StorageException if the database cannot be opened
     */
    public static RaftLogStore open(Path dir) {
        return RocksRaftLogStore.open(dir);
    }
}
