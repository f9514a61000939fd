package dev.cairn.server.node;

/**
 * Told when leadership changes, for the lessor and the leader-info view. Implementations must be
 * quick and must not block: {@link #leaderChanged} runs on the driver thread, {@link
 * #leaderCaughtUp} on the apply thread.
 */
public interface LeadershipListener {

    /** The leader this member knows changed to {@code leader} (0: none) in {@code term}. */
    void leaderChanged(long leader, long term, boolean local);

    /**
     * This member is the leader and applied the first entry of its term, so every entry of earlier
     * terms is applied: the moment etcd promotes its lessor.
     */
    void leaderCaughtUp();

    /** A listener that does nothing. */
    LeadershipListener NONE = new LeadershipListener() {
        @Override
        public void leaderChanged(long leader, long term, boolean local) {}

        @Override
        public void leaderCaughtUp() {}
    };
}
