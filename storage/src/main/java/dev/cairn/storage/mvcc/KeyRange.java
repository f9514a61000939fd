package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * A decoded etcd key range: a single key, a half-open interval, an unbounded tail, or nothing.
 * Immutable and thread-safe.
 */
final class KeyRange {
    static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
    private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

    /** First key (raw user key). */
    final ByteString start;

    /** Exclusive end, or null for "every key >= start". Ignored for single and empty ranges. */
    final @Nullable ByteString end;

    /** Only {@link #start}. */
    final boolean single;

    /** No key at all (range_end <= key). */
    final boolean empty;

    private KeyRange(ByteString start, @Nullable ByteString end, boolean single, boolean empty) {
        this.start = start;
        this.end = end;
        this.single = single;
        this.empty = empty;
    }

    /**
     * etcd's conventions: empty rangeEnd = the single key; "\0" = every key >= key (so key "\0"
     * with rangeEnd "\0" is every key); rangeEnd <= key = nothing; else [key, rangeEnd).
     */
    static KeyRange of(ByteString key, ByteString rangeEnd) {
        if (rangeEnd.isEmpty()) {
            return new KeyRange(key, null, true, false);
        }
        if (rangeEnd.equals(ZERO)) {
            return new KeyRange(key, null, false, false);
        }
        if (ORDER.compare(rangeEnd, key) <= 0) {
            return new KeyRange(key, null, false, true);
        }
        return new KeyRange(key, rangeEnd, false, false);
    }

    /** True if the raw key is at or past the end bound. */
    static boolean pastEnd(byte[] rawKey, byte @Nullable [] rawEnd) {
        return rawEnd != null && Arrays.compareUnsigned(rawKey, rawEnd) >= 0;
    }

    byte @Nullable [] rawEnd() {
        ByteString e = end;
        return e == null ? null : e.toByteArray();
    }
}
