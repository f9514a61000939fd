package dev.cairn.server.node;

import dev.cairn.server.config.Tuning;
import java.time.Duration;

/**
 * How one raft node runs. Immutable.
 *
 * <p>Defaults follow etcd: one tick per {@code --heartbeat-interval}, {@code heartbeatTick} 1,
 * {@code electionTick} = election timeout / heartbeat interval, 1 MiB per append message, 512
 * messages in flight, 5000 entries kept behind a snapshot for slow followers. Pre-vote is on: etcd
 * 3.4 leaves it off by default ({@code --pre-vote} false) and 3.5 turns it on; Cairn follows 3.5
 * because pre-vote keeps a member that was partitioned away from disrupting the leader when it
 * returns. Check-quorum is on, as etcd always sets it.
 *
 * @param id this member's raft id (its member ID)
 * @param tickInterval the wall-clock length of one raft tick
 * @param electionTick ticks without a leader before a follower campaigns
 * @param heartbeatTick ticks between the leader's heartbeats
 * @param snapshotCount applied entries between two log compactions ({@code --snapshot-count})
 * @param catchUpEntries entries kept in the log behind a compaction for slow followers
 * @param preVote pre-vote elections
 * @param checkQuorum a leader steps down when it has not heard from a quorum for an election
 * @param maxSizePerMsg bytes of entries per append message
 * @param maxInflightMsgs append messages in flight per follower
 * @param seed the seed of the randomised election timeouts
 */
public record NodeConfig(
        long id,
        Duration tickInterval,
        int electionTick,
        int heartbeatTick,
        long snapshotCount,
        long catchUpEntries,
        boolean preVote,
        boolean checkQuorum,
        long maxSizePerMsg,
        int maxInflightMsgs,
        long seed) {

    /** etcd's {@code DefaultSnapshotCatchUpEntries}. */
    public static final long CATCH_UP_ENTRIES = 5000;

    /** etcd's {@code maxSizePerMsg}. */
    public static final long MAX_SIZE_PER_MSG = 1024 * 1024;

    /** etcd's {@code maxInflightMsgs} (4096 / 8). */
    public static final int MAX_INFLIGHT_MSGS = 512;

    public NodeConfig {
        if (id == 0) {
            throw new IllegalArgumentException("raft id must not be 0");
        }
        if (tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("tick interval must be positive: " + tickInterval);
        }
        if (heartbeatTick <= 0 || electionTick <= heartbeatTick) {
            throw new IllegalArgumentException(
                    "need 0 < heartbeatTick < electionTick: " + heartbeatTick + ", " + electionTick);
        }
        if (snapshotCount <= 0 || catchUpEntries < 0) {
            throw new IllegalArgumentException("snapshot count must be positive, catch-up entries not negative");
        }
    }

    /** The settings etcd derives from its flags for member {@code id}. */
    public static NodeConfig etcd(long id, Tuning tuning) {
        long heartbeat = tuning.heartbeatInterval().toMillis();
        int electionTick = (int) (tuning.electionTimeout().toMillis() / heartbeat);
        return new NodeConfig(
                id,
                tuning.heartbeatInterval(),
                electionTick,
                1,
                tuning.snapshotCount(),
                CATCH_UP_ENTRIES,
                true,
                true,
                MAX_SIZE_PER_MSG,
                MAX_INFLIGHT_MSGS,
                id);
    }

    /** A copy with another snapshot count and catch-up window (tests compact often). */
    public NodeConfig withSnapshotCount(long count, long catchUp) {
        return new NodeConfig(
                id,
                tickInterval,
                electionTick,
                heartbeatTick,
                count,
                catchUp,
                preVote,
                checkQuorum,
                maxSizePerMsg,
                maxInflightMsgs,
                seed);
    }

    /** The wall-clock election timeout. */
    public Duration electionTimeout() {
        return tickInterval.multipliedBy(electionTick);
    }
}
