package dev.cairn.storage.mvcc;

/** The storage engine failed (I/O error, corruption). The store is unusable afterwards. */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
