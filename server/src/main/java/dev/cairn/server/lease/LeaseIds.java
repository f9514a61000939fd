package dev.cairn.server.lease;

import java.time.Instant;

/**
 * Server-chosen lease IDs, made as etcd makes them so that successive grants get increasing IDs
 * (lock and election keys, {@code name/<lease hex>}, then sort in grant order as on etcd): the
 * member ID's low 16 bits, then the start time's low 40 bits of milliseconds and an 8-bit
 * counter, which together count up by one per ID. The top bit is cleared, so IDs are positive.
 * Not thread-safe: the lessor calls it under its lock.
 */
public final class LeaseIds {
    private static final long LOW_48_BITS = (1L << 48) - 1;
    private static final long LOW_40_BITS = (1L << 40) - 1;

    private final long prefix;
    private long suffix;

    private LeaseIds(long prefix, long suffix) {
        this.prefix = prefix;
        this.suffix = suffix;
    }

    /** IDs for the member {@code memberId}, counting from the time it started. */
    public static LeaseIds forMember(long memberId, Instant start) {
        return new LeaseIds(memberId << 48, (start.toEpochMilli() & LOW_40_BITS) << 8);
    }

    /** The next ID; may be 0 or taken, which the caller skips. */
    long next() {
        suffix++;
        return (prefix | (suffix & LOW_48_BITS)) & Long.MAX_VALUE;
    }
}
