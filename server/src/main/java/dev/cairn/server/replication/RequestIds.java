package dev.cairn.server.replication;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request IDs unique to one member, made as etcd's idutil makes them: the member ID's low 16 bits,
 * then the start time's low 40 bits of milliseconds and an 8-bit counter, which together count up
 * by one per ID. IDs from two members never collide while their member IDs differ in the low 16
 * bits; a restarted member starts from a later time, so it does not reuse its own. Thread-safe.
 */
public final class RequestIds {
    private static final long LOW_48_BITS = (1L << 48) - 1;
    private static final long LOW_40_BITS = (1L << 40) - 1;

    private final long prefix;
    private final AtomicLong suffix;

    private RequestIds(long prefix, long suffix) {
        this.prefix = prefix;
        this.suffix = new AtomicLong(suffix);
    }

    /** IDs for the member {@code memberId}, counting from the time it started. */
    public static RequestIds forMember(long memberId, Instant start) {
        return new RequestIds(memberId << 48, (start.toEpochMilli() & LOW_40_BITS) << 8);
    }

    /** The next ID (never 0 in practice: the counter would have to wrap 2^48 times). */
    public long next() {
        return prefix | (suffix.incrementAndGet() & LOW_48_BITS);
    }
}
