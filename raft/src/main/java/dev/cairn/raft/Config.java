package dev.cairn.raft;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The configuration of one {@link RawNode}, as etcd-io/raft's Config. Immutable; validated here.
 *
 * @param id this node's id, not 0
 * @param electionTick ticks without hearing from a leader before a follower campaigns; the actual
 *     timeout is drawn from {@code [electionTick, 2 * electionTick)}; must exceed heartbeatTick
 * @param heartbeatTick ticks between the leader's heartbeats
 * @param storage the log (entries, snapshot, initial state)
 * @param applied the last applied index when restarting (0 for a new node); must lie between the
 *     storage snapshot's index and the stored commit index (the application state must include
 *     the snapshot), else creating the node fails
 * @param maxSizePerMsg byte limit of entries per append message (0: one entry per message)
 * @param maxCommittedSizePerReady byte limit of committed entries per {@link Ready} (0: as
 *     maxSizePerMsg); at least one entry is always returned
 * @param maxUncommittedEntriesSize byte limit of uncommitted entry payloads on a leader beyond which
 *     proposals are dropped (0: no limit)
 * @param maxInflightMsgs append messages in flight per follower in replicate state (&gt; 0)
 * @param checkQuorum a leader steps down without quorum activity within an election timeout, and
 *     followers within their leader's lease ignore vote requests
 * @param preVote run a pre-vote round before incrementing the term
 * @param readOnlyOption how ReadIndex confirms leadership (LEASE_BASED needs checkQuorum)
 * @param disableProposalForwarding followers drop proposals instead of forwarding to the leader
 * @param random the seeded source of randomized election timeouts
 */
public record Config(
        long id,
        int electionTick,
        int heartbeatTick,
        RaftStorage storage,
        long applied,
        long maxSizePerMsg,
        long maxCommittedSizePerReady,
        long maxUncommittedEntriesSize,
        int maxInflightMsgs,
        boolean checkQuorum,
        boolean preVote,
        ReadOnlyOption readOnlyOption,
        boolean disableProposalForwarding,
        RandomGenerator random) {
    public Config {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(readOnlyOption, "readOnlyOption");
        Objects.requireNonNull(random, "random");
        if (id == 0) {
            throw new IllegalArgumentException("cannot use none as id");
        }
        if (heartbeatTick <= 0) {
            throw new IllegalArgumentException("heartbeat tick must be greater than 0");
        }
        if (electionTick <= heartbeatTick) {
            throw new IllegalArgumentException("election tick must be greater than heartbeat tick");
        }
        if (applied < 0 || maxSizePerMsg < 0 || maxCommittedSizePerReady < 0 || maxUncommittedEntriesSize < 0) {
            throw new IllegalArgumentException("sizes and applied must not be negative");
        }
        if (maxInflightMsgs <= 0) {
            throw new IllegalArgumentException("max inflight messages must be greater than 0");
        }
        if (readOnlyOption == ReadOnlyOption.LEASE_BASED && !checkQuorum) {
            throw new IllegalArgumentException("CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased");
        }
    }

    /**
     * A configuration with etcd server's defaults: election 10 ticks, heartbeat 1, 1 MiB per
     * message, 256 inflight, check-quorum and pre-vote on, SAFE reads, forwarding on.
     */
    public static Config defaults(long id, RaftStorage storage, RandomGenerator random) {
        return new Config(
                id, 10, 1, storage, 0, 1024 * 1024, 0, 1 << 30, 256, true, true, ReadOnlyOption.SAFE, false, random);
    }

    /** This configuration with another applied index (for a restart). */
    public Config withApplied(long newApplied) {
        return new Config(
                id,
                electionTick,
                heartbeatTick,
                storage,
                newApplied,
                maxSizePerMsg,
                maxCommittedSizePerReady,
                maxUncommittedEntriesSize,
                maxInflightMsgs,
                checkQuorum,
                preVote,
                readOnlyOption,
                disableProposalForwarding,
                random);
    }
}
