package dev.cairn.storage.mvcc;

import java.nio.file.Path;

/** Opens stores. Stateless and thread-safe. */
public final class MvccStores {
    private MvccStores() {}

    /**
     * Opens (creating if needed) the store kept in {@code dir}. Start-up reads only the meta column
     * family, never the keys, so it takes the same time whatever the number of keys.
     *
     * @throws StorageException if the database cannot be opened
     */
    public static MvccStore open(Path dir) {
        return RocksMvccStore.open(dir, StoreConfig.defaults());
    }
}
