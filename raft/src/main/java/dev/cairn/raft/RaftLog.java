package dev.cairn.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The raft log: persisted entries in {@link RaftStorage} followed by the {@link Unstable} tail,
 * with the commit, applying and applied indexes (etcd's raftLog). Not thread-safe: owned by the
 * {@link RawNode}'s driver thread.
 */
final class RaftLog {
    private final RaftStorage storage;
    final Unstable unstable;
    private final long maxApplyingSize;
    /** Highest index known to be committed on a quorum. */
    long committed;
    /** Highest index handed to the driver to apply (in a {@link Ready} not yet advanced). */
    long applying;
    /** Highest index the driver has applied. */
    long applied;

    RaftLog(RaftStorage storage, long maxApplyingSize) {
        this.storage = storage;
        this.maxApplyingSize = maxApplyingSize;
        long first = storage.firstIndex();
        long last = storage.lastIndex();
        this.unstable = new Unstable(last + 1);
        this.committed = first - 1;
        this.applying = first - 1;
        this.applied = first - 1;
    }

    long firstIndex() {
        long i = unstable.maybeFirstIndex();
        return i != 0 ? i : storage.firstIndex();
    }

    long lastIndex() {
        long i = unstable.maybeLastIndex();
        return i != 0 ? i : storage.lastIndex();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /**
     * The term of the entry at {@code i}.
     *
     * @throws CompactedException before the first index minus one
     * @throws UnavailableException after the last index
     */
    long term(long i) {
        long dummy = firstIndex() - 1;
        if (i < dummy) {
            throw new CompactedException();
        }
        if (i > lastIndex()) {
            throw new UnavailableException();
        }
        long t = unstable.maybeTerm(i);
        if (t >= 0) {
            return t;
        }
        return storage.term(i);
    }

    /** The term at {@code i}, 0 if compacted or unavailable. */
    long zeroTermOnOutOfBounds(long i) {
        try {
            return term(i);
        } catch (CompactedException | UnavailableException e) {
            return 0;
        }
    }

    boolean matchTerm(long i, long t) {
        try {
            return term(i) == t;
        } catch (CompactedException | UnavailableException e) {
            return false;
        }
    }

    /** Whether a log ending at (term, index) is at least as up to date as this one (5.4.1). */
    boolean isUpToDate(long lastIdx, long lastTerm) {
        long myTerm = lastTerm();
        return lastTerm > myTerm || (lastTerm == myTerm && lastIdx >= lastIndex());
    }

    /**
     * A follower appends the leader's entries following (index, logTerm) if that entry matches.
     *
     * @return the new last index of the appended range, or -1 if (index, logTerm) does not match
     */
    long maybeAppend(long index, long logTerm, long leaderCommit, List<Entry> ents) {
        if (!matchTerm(index, logTerm)) {
            return -1;
        }
        long lastNew = index + ents.size();
        long ci = findConflict(ents);
        if (ci != 0) {
            if (ci <= committed) {
                throw new IllegalStateException(
                        "entry " + ci + " conflicts with committed entry [committed(" + committed + ")]");
            }
            append(ents.subList((int) (ci - (index + 1)), ents.size()));
        }
        commitTo(Math.min(leaderCommit, lastNew));
        return lastNew;
    }

    /** Appends (truncating conflicting unstable entries); returns the new last index. */
    long append(List<Entry> ents) {
        if (ents.isEmpty()) {
            return lastIndex();
        }
        long after = ents.get(0).index() - 1;
        if (after < committed) {
            throw new IllegalStateException("after(" + after + ") is out of range [committed(" + committed + ")]");
        }
        unstable.truncateAndAppend(ents);
        return lastIndex();
    }

    /** The index of the first entry whose term differs from the log's (or is new), else 0. */
    long findConflict(List<Entry> ents) {
        for (Entry e : ents) {
            if (!matchTerm(e.index(), e.term())) {
                return e.index();
            }
        }
        return 0;
    }

    /**
     * The largest index at or before {@code index} whose term is at most {@code term}, with its
     * term (term 0 when compacted): the fast-backtracking hint of a rejected append.
     */
    long[] findConflictByTerm(long index, long term) {
        long i = index;
        while (i > 0) {
            long t;
            try {
                t = term(i);
            } catch (CompactedException | UnavailableException e) {
                return new long[] {i, 0};
            }
            if (t <= term) {
                return new long[] {i, t};
            }
            i--;
        }
        return new long[] {0, 0};
    }

    void commitTo(long toCommit) {
        if (committed < toCommit) {
            if (lastIndex() < toCommit) {
                throw new IllegalStateException("tocommit(" + toCommit + ") is out of range [lastIndex(" + lastIndex()
                        + ")]. Was the raft log corrupted, truncated, or lost?");
            }
            committed = toCommit;
        }
    }

    /** Commits up to {@code maxIndex} if that entry is of {@code term} (the leader's rule, 5.4.2). */
    boolean maybeCommit(long maxIndex, long term) {
        if (maxIndex > committed && zeroTermOnOutOfBounds(maxIndex) == term) {
            commitTo(maxIndex);
            return true;
        }
        return false;
    }

    void appliedTo(long i) {
        if (i == 0) {
            return;
        }
        if (committed < i || i < applied) {
            throw new IllegalStateException(
                    "applied(" + i + ") is out of range [prevApplied(" + applied + "), committed(" + committed + ")]");
        }
        applied = i;
        applying = Math.max(applying, i);
    }

    boolean hasPendingSnapshot() {
        return unstable.snapshot() != null;
    }

    /** Committed entries not yet handed out to apply, within the size limit. */
    List<Entry> nextCommittedEnts() {
        if (hasPendingSnapshot()) {
            return List.of();
        }
        long lo = Math.max(applying + 1, firstIndex());
        long hi = committed + 1;
        if (lo >= hi) {
            return List.of();
        }
        return slice(lo, hi, maxApplyingSize);
    }

    boolean hasNextCommittedEnts() {
        if (hasPendingSnapshot()) {
            return false;
        }
        return committed + 1 > Math.max(applying + 1, firstIndex());
    }

    /** Entries from {@code i} to the end, within {@code maxSize}. */
    List<Entry> entries(long i, long maxSize) {
        if (i > lastIndex()) {
            return List.of();
        }
        return slice(i, lastIndex() + 1, maxSize);
    }

    /**
     * Entries in {@code [lo, hi)} within {@code maxSize} bytes (at least one).
     *
     * @throws CompactedException if {@code lo} is compacted
     */
    List<Entry> slice(long lo, long hi, long maxSize) {
        if (lo > hi) {
            throw new IllegalStateException("invalid slice " + lo + " > " + hi);
        }
        if (lo < firstIndex()) {
            throw new CompactedException();
        }
        if (hi > lastIndex() + 1) {
            throw new IllegalStateException(
                    "slice[" + lo + "," + hi + ") out of bound [" + firstIndex() + "," + lastIndex() + "]");
        }
        if (lo == hi) {
            return List.of();
        }
        List<Entry> result = new ArrayList<>();
        long offset = unstable.offset();
        if (lo < offset) {
            long storedHi = Math.min(hi, offset);
            List<Entry> stored;
            try {
                stored = storage.entries(lo, storedHi, maxSize);
            } catch (UnavailableException e) {
                throw new IllegalStateException("entries[" + lo + ":" + storedHi + ") is unavailable from storage", e);
            }
            if (stored.size() < storedHi - lo) {
                return stored;
            }
            result.addAll(stored);
        }
        if (hi > offset) {
            result.addAll(unstable.slice(Math.max(lo, offset), hi));
        }
        return List.copyOf(Entries.limitSize(result, maxSize));
    }

    /** All entries in {@code [lo, hi)}, paging through the size limit. */
    List<Entry> allEntries(long lo, long hi) {
        return slice(lo, hi, Long.MAX_VALUE);
    }

    /** The snapshot to send a lagging follower: the pending one, else storage's. */
    Snapshot snapshot() {
        Snapshot s = unstable.snapshot();
        return s != null ? s : storage.snapshot();
    }

    /** Installs a snapshot received from the leader (persisted by the driver via a Ready). */
    void restore(Snapshot s) {
        committed = s.metadata().index();
        unstable.restore(s);
    }

    RaftStorage storage() {
        return storage;
    }
}
