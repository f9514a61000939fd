package dev.cairn.raft;

/** How the leader replicates to one follower (etcd's tracker.StateType). */
public enum ProgressState {
    /** One append at a time until the follower's match index is found. */
    PROBE,
    /** Optimistic pipelining of appends within the inflight window. */
    REPLICATE,
    /** A snapshot is on its way; appends wait for it. */
    SNAPSHOT
}
