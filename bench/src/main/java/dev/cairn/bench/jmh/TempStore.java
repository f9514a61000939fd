package dev.cairn.bench.jmh;

import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import java.nio.file.Path;

/**
 * A store of one trial: a real RocksDB in a fresh temporary directory, which {@link #close}
 * deletes. Thread-safe as the store is; the store owns its writer and completer threads.
 */
final class TempStore implements AutoCloseable {
    private final Path dir;
    final MvccStore store;

    private TempStore(Path dir, MvccStore store) {
        this.dir = dir;
        this.store = store;
    }

    /** Opens a new, empty store in a directory named after {@code what}. */
    static TempStore open(String what) {
        Path dir = BenchFiles.freshDir(what);
        return new TempStore(dir, MvccStores.open(dir));
    }

    /** Closes the store and deletes its directory. */
    @Override
    public void close() {
        store.close();
        BenchFiles.delete(dir);
    }
}
