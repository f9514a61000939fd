package dev.cairn.raft;

/** The kind of a log entry: ordinal values match etcd's raftpb.EntryType for the first two. */
public enum EntryType {
    /** An application command (possibly empty: the leader's no-op at the start of its term). */
    NORMAL,
    /** A {@link ConfChange} in {@link Entry#data()}, see {@link ConfChange#parse}. */
    CONF_CHANGE
}
