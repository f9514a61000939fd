package dev.cairn.server.watch;

import com.google.protobuf.ByteString;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * The keys one watcher matches, with etcd's conventions: an empty key means {@code "\0"}; an empty
 * range_end is the single key; range_end {@code "\0"} is every key at or above key; otherwise the
 * half-open interval [key, range_end). Keys compare as unsigned bytes. Immutable; thread-safe.
 *
 * @param key first key
 * @param end exclusive end; null for a single key or an unbounded range
 * @param single true for a single-key watch
 */
public record WatchRange(ByteString key, @Nullable ByteString end, boolean single) {
    static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
    private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

    /**
     * The range of a create request, or null if it is empty (range_end at or below key), which
     * etcd refuses with {@link CancelReasons#EMPTY_RANGE}.
     */
    public static @Nullable WatchRange of(ByteString key, ByteString rangeEnd) {
        ByteString k = key.isEmpty() ? ZERO : key;
        if (rangeEnd.isEmpty()) {
            return new WatchRange(k, null, true);
        }
        if (rangeEnd.equals(ZERO)) {
            return new WatchRange(k, null, false);
        }
        if (ORDER.compare(k, rangeEnd) >= 0) {
            return null;
        }
        return new WatchRange(k, rangeEnd, false);
    }

    /** True if {@code k} is in the range. */
    public boolean contains(ByteString k) {
        if (single) {
            return key.equals(k);
        }
        if (ORDER.compare(k, key) < 0) {
            return false;
        }
        ByteString e = end;
        return e == null || ORDER.compare(k, e) < 0;
    }
}
