package dev.cairn.storage.mvcc;

/**
 * Tuning and test hooks of one store. Immutable.
 *
 * @param maxGroupTxns most write transactions committed by one batch and one fsync
 * @param maxGroupBytes a group stops taking transactions once its batch holds about this much
 * @param compactionBatchLimit rev_index entries (revisions) examined per physical-compaction batch
 * @param faults fault points of the physical compaction (tests inject failures here)
 */
record StoreConfig(int maxGroupTxns, long maxGroupBytes, int compactionBatchLimit, CompactionFaults faults) {

    StoreConfig {
        if (maxGroupTxns < 1 || maxGroupBytes < 1 || compactionBatchLimit < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    static StoreConfig defaults() {
        return new StoreConfig(1000, 4L << 20, 1000, CompactionFaults.NONE);
    }

    StoreConfig withCompaction(int batchLimit, CompactionFaults faultPoints) {
        return new StoreConfig(maxGroupTxns, maxGroupBytes, batchLimit, faultPoints);
    }

    /** Fault points of physical compaction; an exception thrown here aborts the compaction. */
    @FunctionalInterface
    interface CompactionFaults {
        CompactionFaults NONE = (revision, batch) -> {};

        /** Called on the compactor thread after batch number {@code batch} (0-based) was written. */
        void afterBatch(long compactRevision, int batch);
    }
}
