package dev.cairn.raft;

/** Membership change kinds; ordinals are etcd's raftpb.ConfChangeType numbers. */
public enum ConfChangeType {
    /** Add a voter, or promote a learner to voter. */
    ADD_NODE,
    /** Remove a voter or learner. */
    REMOVE_NODE,
    /** Changes nothing in raft; the context carries the application's update. */
    UPDATE_NODE,
    /** Add a learner (or demote a voter to learner). */
    ADD_LEARNER_NODE
}
