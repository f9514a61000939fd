package dev.cairn.raft;

/**
 * The state a node must persist before it sends messages: current term, vote in that term, and
 * commit index. Immutable.
 */
public record HardState(long term, long vote, long commit) {
    /** No hard state, or (in a {@link Ready}) an unchanged one. */
    public static final HardState EMPTY = new HardState(0, 0, 0);

    /** Whether this is {@link #EMPTY}. */
    public boolean isEmpty() {
        return equals(EMPTY);
    }
}
