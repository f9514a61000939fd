package dev.cairn.storage.wal;

import dev.cairn.storage.wal.RaftLogStore.LogWrite;

/**
 * The indexes of the stored entries, one contiguous run {@code [first, last]} ({@code last == 0}:
 * no entries, and {@code first} is then 0 too), and how a {@link LogWrite} changes it. The one place
 * that states the write semantics of {@link RaftLogStore#write} for {@link SegmentedRaftLogStore}
 * (which checks a write with it) and {@link SegmentReplay} (which replays writes with it).
 * Immutable.
 */
record LogRun(long first, long last) {
    static final LogRun EMPTY = new LogRun(0, 0);

    boolean isEmpty() {
        return last == 0;
    }

    /**
     * The run after {@code w}: its entries replace every stored entry at index >= their first
     * (replacing the whole run when they start at or below its first index or, with a covering
     * compaction, past its end); then every entry at index <= {@code compactTo} is dropped.
     *
     * @throws IllegalArgumentException if the write would leave a gap
     */
    LogRun after(LogWrite w) {
        long f = first;
        long l = last;
        if (!w.entries().isEmpty()) {
            long nf = w.entries().get(0).index();
            long nl = w.entries().get(w.entries().size() - 1).index();
            if (l != 0 && nf > l + 1 && w.compactTo() < l) {
                throw new IllegalArgumentException(
                        "raft log would have a gap: stored entries end at " + l + ", new ones start at " + nf);
            }
            if (l == 0 || nf <= f || nf > l + 1) {
                f = nf;
            }
            l = nl;
        }
        long c = w.compactTo();
        if (c > 0 && l != 0 && f <= c) {
            if (c >= l) {
                return EMPTY;
            }
            f = c + 1;
        }
        return new LogRun(f, l);
    }
}
