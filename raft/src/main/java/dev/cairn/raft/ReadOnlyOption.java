package dev.cairn.raft;

/** How the leader confirms it is still leader before answering a ReadIndex. */
public enum ReadOnlyOption {
    /** One heartbeat round acknowledged by a quorum (the Raft thesis, section 6.4). */
    SAFE,
    /** Trust the leader lease (needs check-quorum; depends on bounded clock drift). */
    LEASE_BASED
}
