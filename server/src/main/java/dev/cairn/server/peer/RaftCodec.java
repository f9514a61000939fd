package dev.cairn.server.peer;

import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfChangeType;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Entry;
import dev.cairn.raft.EntryType;
import dev.cairn.raft.HardState;
import dev.cairn.raft.Message;
import dev.cairn.raft.MessageType;
import dev.cairn.raft.Snapshot;
import dev.cairn.raft.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts raft's records ({@code dev.cairn.raft}) to the {@code raftpb} protos of {@code
 * cairn_raft.proto} and back. Lossless both ways: {@code decode(encode(x)).equals(x)} for every
 * record, and {@code encode(decode(p)).equals(p)} for every proto these methods produce. An empty
 * snapshot ({@link Snapshot#EMPTY}) is an absent field.
 *
 * <p>Stateless, thread-safe. Decoding rejects unknown enum numbers with {@link
 * IllegalArgumentException}.
 */
public final class RaftCodec {
    private RaftCodec() {}

    public static dev.cairn.proto.raftpb.Entry encode(Entry e) {
        return dev.cairn.proto.raftpb.Entry.newBuilder()
                .setTerm(e.term())
                .setIndex(e.index())
                .setType(encode(e.type()))
                .setData(e.data())
                .build();
    }

    public static Entry decode(dev.cairn.proto.raftpb.Entry p) {
        return new Entry(p.getTerm(), p.getIndex(), decode(p.getType()), p.getData());
    }

    public static List<dev.cairn.proto.raftpb.Entry> encodeEntries(List<Entry> entries) {
        List<dev.cairn.proto.raftpb.Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(encode(e));
        }
        return out;
    }

    public static List<Entry> decodeEntries(List<dev.cairn.proto.raftpb.Entry> entries) {
        List<Entry> out = new ArrayList<>(entries.size());
        for (dev.cairn.proto.raftpb.Entry e : entries) {
            out.add(decode(e));
        }
        return List.copyOf(out);
    }

    public static dev.cairn.proto.raftpb.HardState encode(HardState hs) {
        return dev.cairn.proto.raftpb.HardState.newBuilder()
                .setTerm(hs.term())
                .setVote(hs.vote())
                .setCommit(hs.commit())
                .build();
    }

    public static HardState decode(dev.cairn.proto.raftpb.HardState p) {
        return new HardState(p.getTerm(), p.getVote(), p.getCommit());
    }

    public static dev.cairn.proto.raftpb.ConfState encode(ConfState cs) {
        return dev.cairn.proto.raftpb.ConfState.newBuilder()
                .addAllVoters(cs.voters())
                .addAllLearners(cs.learners())
                .build();
    }

    public static ConfState decode(dev.cairn.proto.raftpb.ConfState p) {
        return new ConfState(List.copyOf(p.getVotersList()), List.copyOf(p.getLearnersList()));
    }

    public static dev.cairn.proto.raftpb.SnapshotMetadata encode(SnapshotMetadata m) {
        return dev.cairn.proto.raftpb.SnapshotMetadata.newBuilder()
                .setIndex(m.index())
                .setTerm(m.term())
                .setConfState(encode(m.confState()))
                .build();
    }

    public static SnapshotMetadata decode(dev.cairn.proto.raftpb.SnapshotMetadata p) {
        return new SnapshotMetadata(p.getIndex(), p.getTerm(), decode(p.getConfState()));
    }

    public static dev.cairn.proto.raftpb.Snapshot encode(Snapshot s) {
        return dev.cairn.proto.raftpb.Snapshot.newBuilder()
                .setMetadata(encode(s.metadata()))
                .setData(s.data())
                .build();
    }

    public static Snapshot decode(dev.cairn.proto.raftpb.Snapshot p) {
        return new Snapshot(decode(p.getMetadata()), p.getData());
    }

    public static dev.cairn.proto.raftpb.ConfChange encode(ConfChange cc) {
        return dev.cairn.proto.raftpb.ConfChange.newBuilder()
                .setType(encode(cc.type()))
                .setNodeId(cc.nodeId())
                .setContext(cc.context())
                .build();
    }

    public static ConfChange decode(dev.cairn.proto.raftpb.ConfChange p) {
        return new ConfChange(decode(p.getType()), p.getNodeId(), p.getContext());
    }

    public static dev.cairn.proto.raftpb.Message encode(Message m) {
        dev.cairn.proto.raftpb.Message.Builder b = dev.cairn.proto.raftpb.Message.newBuilder()
                .setType(encode(m.type()))
                .setTo(m.to())
                .setFrom(m.from())
                .setTerm(m.term())
                .setLogTerm(m.logTerm())
                .setIndex(m.index())
                .addAllEntries(encodeEntries(m.entries()))
                .setCommit(m.commit())
                .setReject(m.reject())
                .setRejectHint(m.rejectHint())
                .setContext(m.context());
        if (!m.snapshot().equals(Snapshot.EMPTY)) {
            b.setSnapshot(encode(m.snapshot()));
        }
        return b.build();
    }

    public static Message decode(dev.cairn.proto.raftpb.Message p) {
        return new Message(
                decode(p.getType()),
                p.getTo(),
                p.getFrom(),
                p.getTerm(),
                p.getLogTerm(),
                p.getIndex(),
                decodeEntries(p.getEntriesList()),
                p.getCommit(),
                p.hasSnapshot() ? decode(p.getSnapshot()) : Snapshot.EMPTY,
                p.getReject(),
                p.getRejectHint(),
                p.getContext());
    }

    static dev.cairn.proto.raftpb.EntryType encode(EntryType t) {
        return switch (t) {
            case NORMAL -> dev.cairn.proto.raftpb.EntryType.ENTRY_NORMAL;
            case CONF_CHANGE -> dev.cairn.proto.raftpb.EntryType.ENTRY_CONF_CHANGE;
        };
    }

    static EntryType decode(dev.cairn.proto.raftpb.EntryType t) {
        return switch (t) {
            case ENTRY_NORMAL -> EntryType.NORMAL;
            case ENTRY_CONF_CHANGE -> EntryType.CONF_CHANGE;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown entry type " + t);
        };
    }

    static dev.cairn.proto.raftpb.ConfChangeType encode(ConfChangeType t) {
        return switch (t) {
            case ADD_NODE -> dev.cairn.proto.raftpb.ConfChangeType.CONF_CHANGE_ADD_NODE;
            case REMOVE_NODE -> dev.cairn.proto.raftpb.ConfChangeType.CONF_CHANGE_REMOVE_NODE;
            case UPDATE_NODE -> dev.cairn.proto.raftpb.ConfChangeType.CONF_CHANGE_UPDATE_NODE;
            case ADD_LEARNER_NODE -> dev.cairn.proto.raftpb.ConfChangeType.CONF_CHANGE_ADD_LEARNER_NODE;
        };
    }

    static ConfChangeType decode(dev.cairn.proto.raftpb.ConfChangeType t) {
        return switch (t) {
            case CONF_CHANGE_ADD_NODE -> ConfChangeType.ADD_NODE;
            case CONF_CHANGE_REMOVE_NODE -> ConfChangeType.REMOVE_NODE;
            case CONF_CHANGE_UPDATE_NODE -> ConfChangeType.UPDATE_NODE;
            case CONF_CHANGE_ADD_LEARNER_NODE -> ConfChangeType.ADD_LEARNER_NODE;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown conf change type " + t);
        };
    }

    static dev.cairn.proto.raftpb.MessageType encode(MessageType t) {
        return switch (t) {
            case HUP -> dev.cairn.proto.raftpb.MessageType.MSG_HUP;
            case BEAT -> dev.cairn.proto.raftpb.MessageType.MSG_BEAT;
            case PROP -> dev.cairn.proto.raftpb.MessageType.MSG_PROP;
            case APP -> dev.cairn.proto.raftpb.MessageType.MSG_APP;
            case APP_RESP -> dev.cairn.proto.raftpb.MessageType.MSG_APP_RESP;
            case VOTE -> dev.cairn.proto.raftpb.MessageType.MSG_VOTE;
            case VOTE_RESP -> dev.cairn.proto.raftpb.MessageType.MSG_VOTE_RESP;
            case PRE_VOTE -> dev.cairn.proto.raftpb.MessageType.MSG_PRE_VOTE;
            case PRE_VOTE_RESP -> dev.cairn.proto.raftpb.MessageType.MSG_PRE_VOTE_RESP;
            case SNAP -> dev.cairn.proto.raftpb.MessageType.MSG_SNAP;
            case HEARTBEAT -> dev.cairn.proto.raftpb.MessageType.MSG_HEARTBEAT;
            case HEARTBEAT_RESP -> dev.cairn.proto.raftpb.MessageType.MSG_HEARTBEAT_RESP;
            case UNREACHABLE -> dev.cairn.proto.raftpb.MessageType.MSG_UNREACHABLE;
            case SNAP_STATUS -> dev.cairn.proto.raftpb.MessageType.MSG_SNAP_STATUS;
            case CHECK_QUORUM -> dev.cairn.proto.raftpb.MessageType.MSG_CHECK_QUORUM;
            case TRANSFER_LEADER -> dev.cairn.proto.raftpb.MessageType.MSG_TRANSFER_LEADER;
            case TIMEOUT_NOW -> dev.cairn.proto.raftpb.MessageType.MSG_TIMEOUT_NOW;
            case READ_INDEX -> dev.cairn.proto.raftpb.MessageType.MSG_READ_INDEX;
            case READ_INDEX_RESP -> dev.cairn.proto.raftpb.MessageType.MSG_READ_INDEX_RESP;
        };
    }

    static MessageType decode(dev.cairn.proto.raftpb.MessageType t) {
        return switch (t) {
            case MSG_HUP -> MessageType.HUP;
            case MSG_BEAT -> MessageType.BEAT;
            case MSG_PROP -> MessageType.PROP;
            case MSG_APP -> MessageType.APP;
            case MSG_APP_RESP -> MessageType.APP_RESP;
            case MSG_VOTE -> MessageType.VOTE;
            case MSG_VOTE_RESP -> MessageType.VOTE_RESP;
            case MSG_PRE_VOTE -> MessageType.PRE_VOTE;
            case MSG_PRE_VOTE_RESP -> MessageType.PRE_VOTE_RESP;
            case MSG_SNAP -> MessageType.SNAP;
            case MSG_HEARTBEAT -> MessageType.HEARTBEAT;
            case MSG_HEARTBEAT_RESP -> MessageType.HEARTBEAT_RESP;
            case MSG_UNREACHABLE -> MessageType.UNREACHABLE;
            case MSG_SNAP_STATUS -> MessageType.SNAP_STATUS;
            case MSG_CHECK_QUORUM -> MessageType.CHECK_QUORUM;
            case MSG_TRANSFER_LEADER -> MessageType.TRANSFER_LEADER;
            case MSG_TIMEOUT_NOW -> MessageType.TIMEOUT_NOW;
            case MSG_READ_INDEX -> MessageType.READ_INDEX;
            case MSG_READ_INDEX_RESP -> MessageType.READ_INDEX_RESP;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown message type " + t);
        };
    }
}
