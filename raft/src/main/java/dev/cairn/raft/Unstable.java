package dev.cairn.raft;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tail of the log not yet persisted by the driver: an optional incoming snapshot and the
 * entries from {@code offset} on (etcd's unstable). Not thread-safe: owned by the {@link RawNode}'s
 * driver thread.
 */
final class Unstable {
    private @Nullable Snapshot snapshot;
    private final ArrayList<Entry> entries = new ArrayList<>();
    /** The index of {@code entries.get(0)} (or where the next entry goes). */
    private long offset;

    Unstable(long offset) {
        this.offset = offset;
    }

    @Nullable
    Snapshot snapshot() {
        return snapshot;
    }

    long offset() {
        return offset;
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    boolean hasEntries() {
        return !entries.isEmpty();
    }

    /** The first index if a snapshot is pending (its index + 1), else 0. */
    long maybeFirstIndex() {
        return snapshot != null ? snapshot.metadata().index() + 1 : 0;
    }

    /** The last index if there are entries or a snapshot, else 0. */
    long maybeLastIndex() {
        if (!entries.isEmpty()) {
            return offset + entries.size() - 1;
        }
        return snapshot != null ? snapshot.metadata().index() : 0;
    }

    /** The term at {@code i} if held here, else -1. */
    long maybeTerm(long i) {
        if (i < offset) {
            if (snapshot != null && snapshot.metadata().index() == i) {
                return snapshot.metadata().term();
            }
            return -1;
        }
        long last = maybeLastIndex();
        if (last == 0 || i > last) {
            return -1;
        }
        return entries.get((int) (i - offset)).term();
    }

    /** The driver persisted entries up to {@code i} (of term {@code t}): drop them from here. */
    void stableTo(long i, long t) {
        long gt = maybeTerm(i);
        if (gt < 0 || i < offset) {
            return;
        }
        if (gt == t) {
            entries.subList(0, (int) (i + 1 - offset)).clear();
            offset = i + 1;
        }
    }

    /** The driver persisted the snapshot at {@code i}. */
    void stableSnapTo(long i) {
        if (snapshot != null && snapshot.metadata().index() == i) {
            snapshot = null;
        }
    }

    /** Replaces everything with an incoming snapshot. */
    void restore(Snapshot s) {
        offset = s.metadata().index() + 1;
        entries.clear();
        snapshot = s;
    }

    /** Appends, truncating any held entry at or after the first new index. */
    void truncateAndAppend(List<Entry> ents) {
        long from = ents.get(0).index();
        if (from == offset + entries.size()) {
            entries.addAll(ents);
        } else if (from <= offset) {
            offset = from;
            entries.clear();
            entries.addAll(ents);
        } else {
            entries.subList((int) (from - offset), entries.size()).clear();
            entries.addAll(ents);
        }
    }

    /** Entries in {@code [lo, hi)}, which must lie within {@code [offset, last + 1]}. */
    List<Entry> slice(long lo, long hi) {
        long upper = offset + entries.size();
        if (lo > hi || lo < offset || hi > upper) {
            throw new IllegalStateException(
                    "unstable.slice[" + lo + "," + hi + ") out of bound [" + offset + "," + upper + "]");
        }
        return List.copyOf(entries.subList((int) (lo - offset), (int) (hi - offset)));
    }
}
