package dev.cairn.storage.mvcc;

/**
 * A persisted lease: its ID, granted TTL and checkpointed remaining TTL, all in seconds.
 * Immutable.
 *
 * @param id the lease ID (never 0: 0 means "no lease" on a key)
 * @param ttl the granted TTL
 * @param remainingTtl checkpointed remaining seconds, 0 = none recorded
 */
public record LeaseRecord(long id, long ttl, long remainingTtl) {}
