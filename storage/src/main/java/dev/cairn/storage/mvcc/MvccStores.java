package dev.cairn.storage.mvcc;

import java.nio.file.Path;

/** Opens stores. */
public final class MvccStores {
    private MvccStores() {}

    /**
     * Opens (creating if needed) the store kept in {@code dir}. Start-up reads only the meta column
     * family, never the keys, so it takes the same time whatever the number of keys.
     */
    public static MvccStore open(Path dir) {
        throw new UnsupportedOperationException("storage helper replaces this");
    }
}
