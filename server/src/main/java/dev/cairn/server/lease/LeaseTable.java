package dev.cairn.server.lease;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The live leases and their expiry instants on the lessor's ticker, ordered by expiry. Pure data:
 * no clock, no store, no threads; every method takes the time it needs. Not thread-safe: owned by
 * {@link Lessor}, which guards it with its lock.
 */
final class LeaseTable {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** One lease. Mutable only through the table, which keeps the expiry order in step. */
    static final class Entry {
        final long id;
        final long ttl;
        long expiryNanos;
        /** The remaining TTL last written to the store, 0 = none (a restart renews in full). */
        long persistedRemaining;
        /** Taken for an expiry revoke that has not finished yet (leader only). */
        boolean revoking;
        /** Checkpoint proposals of this lease not yet applied (leader only). */
        int checkpointsInFlight;

        Entry(long id, long ttl, long expiryNanos, long persistedRemaining) {
            this.id = id;
            this.ttl = ttl;
            this.expiryNanos = expiryNanos;
            this.persistedRemaining = persistedRemaining;
        }

        boolean expiredAt(long nowNanos) {
            return nowNanos - expiryNanos >= 0;
        }

        /** Remaining nanoseconds at {@code nowNanos}; negative once expired. */
        long remainingNanos(long nowNanos) {
            return expiryNanos - nowNanos;
        }
    }

    private static final Comparator<Entry> BY_EXPIRY =
            Comparator.<Entry>comparingLong(e -> e.expiryNanos).thenComparingLong(e -> e.id);

    private final Map<Long, Entry> byId = new HashMap<>();
    private final TreeSet<Entry> byExpiry = new TreeSet<>(BY_EXPIRY);

    /** {@code nowNanos} plus {@code seconds}, saturating instead of overflowing. */
    static long deadline(long nowNanos, long seconds, long extraNanos) {
        long span = seconds > Long.MAX_VALUE / NANOS_PER_SECOND ? Long.MAX_VALUE : seconds * NANOS_PER_SECOND;
        long withExtra = span > Long.MAX_VALUE - extraNanos ? Long.MAX_VALUE : span + extraNanos;
        return nowNanos > Long.MAX_VALUE - withExtra ? Long.MAX_VALUE : nowNanos + withExtra;
    }

    /** Whole seconds in {@code nanos}, rounded up. */
    static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos - 1) / NANOS_PER_SECOND + 1;
    }

    /** Whole seconds in {@code nanos}, truncated towards zero. */
    static long truncSeconds(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }

    int size() {
        return byId.size();
    }

    boolean contains(long id) {
        return byId.containsKey(id);
    }

    @Nullable
    Entry get(long id) {
        return byId.get(id);
    }

    void add(Entry e) {
        Entry old = byId.put(e.id, e);
        if (old != null) {
            byExpiry.remove(old);
        }
        byExpiry.add(e);
    }

    void remove(long id) {
        Entry e = byId.remove(id);
        if (e != null) {
            byExpiry.remove(e);
        }
    }

    /** Moves a lease's expiry (renewal). */
    void reschedule(Entry e, long expiryNanos) {
        byExpiry.remove(e);
        e.expiryNanos = expiryNanos;
        byExpiry.add(e);
    }

    /**
     * Up to {@code max} expired leases not already being revoked, earliest expiry first, each
     * marked as being revoked.
     */
    List<Long> takeExpired(long nowNanos, int max) {
        List<Long> out = new ArrayList<>();
        for (Entry e : byExpiry) {
            if (out.size() >= max || !e.expiredAt(nowNanos)) {
                break;
            }
            if (!e.revoking) {
                e.revoking = true;
                out.add(e.id);
            }
        }
        return out;
    }

    /**
     * Spreads piles of leases that would expire close together: walking in expiry order, a pile
     * starts at a lease's expiry and lasts one second (longer once it is spread); its first
     * {@code perSecond} leases keep their expiry and the n-th after them is pushed back to n /
     * {@code perSecond} seconds after the pile's start. Leases expiring inside the stretched pile
     * join it. So, after a restart, at most about {@code perSecond} leases expire per second.
     */
    void spreadPileUps(int perSecond) {
        long start = 0;
        long end = 0;
        int count = 0;
        List<Entry> moved = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        for (Entry e : byExpiry) {
            if (count == 0 || e.expiryNanos - end > 0) {
                start = e.expiryNanos;
                end = start + NANOS_PER_SECOND;
                count = 1;
                continue;
            }
            count++;
            if (count <= perSecond) {
                continue;
            }
            long delayed = start + count * NANOS_PER_SECOND / perSecond;
            if (delayed - e.expiryNanos > 0) {
                moved.add(e);
                to.add(delayed);
                end = Math.max(end, delayed);
            }
        }
        for (int i = 0; i < moved.size(); i++) {
            reschedule(moved.get(i), to.get(i));
        }
    }

    /** Every lease ID, earliest expiry first. */
    List<Long> idsByExpiry() {
        List<Long> out = new ArrayList<>(byExpiry.size());
        byExpiry.forEach(e -> out.add(e.id));
        return out;
    }

    /** Every lease, earliest expiry first. */
    List<Entry> entriesByExpiry() {
        return new ArrayList<>(byExpiry);
    }
}
