package dev.cairn.raft;

/**
 * Raft message kinds, as etcd's raftpb.MessageType. {@link #HUP}, {@link #BEAT}, {@link
 * #UNREACHABLE}, {@link #SNAP_STATUS} and {@link #CHECK_QUORUM} are local (never sent over the
 * network; {@link RawNode#step} rejects them). {@link #PROP}, {@link #READ_INDEX} and {@link
 * #TRANSFER_LEADER} are forwarded by followers to the leader with term 0.
 */
public enum MessageType {
    HUP,
    BEAT,
    PROP,
    APP,
    APP_RESP,
    VOTE,
    VOTE_RESP,
    PRE_VOTE,
    PRE_VOTE_RESP,
    SNAP,
    HEARTBEAT,
    HEARTBEAT_RESP,
    UNREACHABLE,
    SNAP_STATUS,
    CHECK_QUORUM,
    TRANSFER_LEADER,
    TIMEOUT_NOW,
    READ_INDEX,
    READ_INDEX_RESP;

    /** Whether this type only ever comes from the local node, never from the network. */
    public boolean isLocal() {
        return this == HUP || this == BEAT || this == UNREACHABLE || this == SNAP_STATUS || this == CHECK_QUORUM;
    }

    /** Whether this type answers a request (etcd's IsResponseMsg). */
    public boolean isResponse() {
        return this == APP_RESP
                || this == VOTE_RESP
                || this == HEARTBEAT_RESP
                || this == UNREACHABLE
                || this == PRE_VOTE_RESP
                || this == READ_INDEX_RESP;
    }
}
