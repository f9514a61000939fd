package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.proto.raftpb.EntryType;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Entry;
import dev.cairn.raft.HardState;
import dev.cairn.raft.SnapshotMetadata;

/**
 * Raft's records as the bytes the durable log stores: the {@code dev.cairn.proto.raftpb} messages
 * (the same the peer transport sends). Stateless.
 */
final class LogCodec {
    private LogCodec() {}

    static ByteString entry(Entry e) {
        return dev.cairn.proto.raftpb.Entry.newBuilder()
                .setTerm(e.term())
                .setIndex(e.index())
                .setType(
                        e.type() == dev.cairn.raft.EntryType.CONF_CHANGE
                                ? EntryType.ENTRY_CONF_CHANGE
                                : EntryType.ENTRY_NORMAL)
                .setData(e.data())
                .build()
                .toByteString();
    }

    static Entry entry(ByteString bytes) {
        var p = parse(bytes, dev.cairn.proto.raftpb.Entry.parser());
        return new Entry(
                p.getTerm(),
                p.getIndex(),
                p.getType() == EntryType.ENTRY_CONF_CHANGE
                        ? dev.cairn.raft.EntryType.CONF_CHANGE
                        : dev.cairn.raft.EntryType.NORMAL,
                p.getData());
    }

    static ByteString hardState(HardState hs) {
        return dev.cairn.proto.raftpb.HardState.newBuilder()
                .setTerm(hs.term())
                .setVote(hs.vote())
                .setCommit(hs.commit())
                .build()
                .toByteString();
    }

    static HardState hardState(ByteString bytes) {
        var p = parse(bytes, dev.cairn.proto.raftpb.HardState.parser());
        return new HardState(p.getTerm(), p.getVote(), p.getCommit());
    }

    static ByteString snapshotMetadata(SnapshotMetadata m) {
        return dev.cairn.proto.raftpb.SnapshotMetadata.newBuilder()
                .setIndex(m.index())
                .setTerm(m.term())
                .setConfState(dev.cairn.proto.raftpb.ConfState.newBuilder()
                        .addAllVoters(m.confState().voters())
                        .addAllLearners(m.confState().learners()))
                .build()
                .toByteString();
    }

    static SnapshotMetadata snapshotMetadata(ByteString bytes) {
        var p = parse(bytes, dev.cairn.proto.raftpb.SnapshotMetadata.parser());
        return new SnapshotMetadata(
                p.getIndex(),
                p.getTerm(),
                new ConfState(p.getConfState().getVotersList(), p.getConfState().getLearnersList()));
    }

    private static <T> T parse(ByteString bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt raft log record: " + e.getMessage(), e);
        }
    }
}
