package dev.cairn.raft;

/**
 * A proposal (or conf change) was dropped: no leader known, forwarding disabled, a leadership
 * transfer in progress, the uncommitted-size limit reached, or this node is no longer a member.
 * The text is etcd's ErrProposalDropped.
 */
public final class ProposalDroppedException extends RaftException {
    private static final long serialVersionUID = 1L;

    public ProposalDroppedException() {
        super("raft proposal dropped");
    }
}
