package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.Iterator;

/** Opens stores. Stateless and thread-safe. */
public final class MvccStores {
    private MvccStores() {}

    /**
     * Opens (creating if needed) the store kept in {@code dir} (its RocksDB instance is in {@code
     * <dir>/db}; a store from before that layout, with RocksDB's files in {@code dir} itself, is
     * opened there). An interrupted {@link #installSnapshot} is finished or discarded first. Start-up reads only the meta column
     * family, never the keys, so it takes the same time whatever the number of keys.
     *
     * @throws StorageException if the database cannot be opened
     */
    public static MvccStore open(Path dir) {
        return RocksMvccStore.open(dir, StoreConfig.defaults());
    }

    /**
     * Replaces the store kept in {@code memberDir} (the directory {@link #open} is given) with the
     * snapshot in {@code chunks} (from {@link MvccStore#openSnapshotExport()}). The store must be
     * closed first, and stay closed until this returns; nothing checks that.
     *
     * <p>The new database is built in {@code <memberDir>/db.installing}, flushed, and marked
     * complete; then it is swapped in for {@code <memberDir>/db}. A crash before the mark leaves the
     * old store (the partial build is deleted at the next open or install); a crash after it
     * completes the swap at the next open. Other entries of {@code memberDir} (such as the
     * server's {@code wal/}) are not touched.
     *
     * @return the applied index of the installed store
     * @throws StorageException if a chunk is corrupt, the stream ends early, or I/O fails; the old
     *     store is then left as it was
     */
    public static long installSnapshot(Path memberDir, Iterator<ByteString> chunks) {
        return SnapshotInstaller.install(memberDir, chunks);
    }
}
