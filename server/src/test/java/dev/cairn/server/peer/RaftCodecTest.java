package dev.cairn.server.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
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
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RaftCodecTest {

    static Stream<Long> seeds() {
        return LongStream.range(0, 50).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomMessagesSurviveTheWireAndTheBytes(long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        Message m = randomMessage(r);
        dev.cairn.proto.raftpb.Message p = RaftCodec.encode(m);
        assertThat(RaftCodec.decode(p)).isEqualTo(m);
        assertThat(RaftCodec.decode(dev.cairn.proto.raftpb.Message.parseFrom(p.toByteString())))
                .isEqualTo(m);
        assertThat(RaftCodec.encode(RaftCodec.decode(p))).isEqualTo(p);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyMessageTypeMapsToItsOwnProtoType(MessageType type) {
        Message m = Message.builder(type).to(2).from(1).term(3).build();
        dev.cairn.proto.raftpb.Message p = RaftCodec.encode(m);
        assertThat(p.getType().name()).isEqualTo("MSG_" + type.name());
        assertThat(RaftCodec.decode(p)).isEqualTo(m);
    }

    @ParameterizedTest
    @EnumSource(ConfChangeType.class)
    void confChangesRoundTrip(ConfChangeType type) {
        ConfChange cc = new ConfChange(type, 0xfedcba9876543210L, ByteString.copyFromUtf8("member " + type));
        dev.cairn.proto.raftpb.ConfChange p = RaftCodec.encode(cc);
        assertThat(p.getType().name()).isEqualTo("CONF_CHANGE_" + type.name());
        assertThat(RaftCodec.decode(p)).isEqualTo(cc);
    }

    @Test
    void hardStateAndSnapshotRoundTripWithUnsignedExtremes() {
        HardState hs = new HardState(-1L, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(RaftCodec.decode(RaftCodec.encode(hs))).isEqualTo(hs);
        Snapshot s = new Snapshot(
                new SnapshotMetadata(-2L, 7, new ConfState(List.of(1L, 2L, -3L), List.of(9L))),
                ByteString.copyFromUtf8("state"));
        assertThat(RaftCodec.decode(RaftCodec.encode(s))).isEqualTo(s);
        assertThat(RaftCodec.decode(RaftCodec.encode(HardState.EMPTY))).isEqualTo(HardState.EMPTY);
    }

    @Test
    void anEmptySnapshotIsAnAbsentField() {
        Message m = Message.builder(MessageType.APP).to(2).from(1).build();
        dev.cairn.proto.raftpb.Message p = RaftCodec.encode(m);
        assertThat(p.hasSnapshot()).isFalse();
        assertThat(RaftCodec.decode(p).snapshot()).isEqualTo(Snapshot.EMPTY);
    }

    @Test
    void entryTypesMapBothWays() {
        Entry conf = new Entry(1, 1, EntryType.CONF_CHANGE, ByteString.copyFromUtf8("cc"));
        assertThat(RaftCodec.encode(conf).getType()).isEqualTo(dev.cairn.proto.raftpb.EntryType.ENTRY_CONF_CHANGE);
        assertThat(RaftCodec.decode(RaftCodec.encode(conf))).isEqualTo(conf);
    }

    @Test
    void unknownEnumNumbersAreRejected() {
        dev.cairn.proto.raftpb.Message p =
                dev.cairn.proto.raftpb.Message.newBuilder().setTypeValue(99).build();
        assertThatThrownBy(() -> RaftCodec.decode(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown message type");
        dev.cairn.proto.raftpb.Entry e =
                dev.cairn.proto.raftpb.Entry.newBuilder().setTypeValue(7).build();
        assertThatThrownBy(() -> RaftCodec.decode(e)).isInstanceOf(IllegalArgumentException.class);
    }

    static Message randomMessage(SplittableRandom r) {
        MessageType[] types = MessageType.values();
        List<Entry> entries = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            entries.add(new Entry(
                    r.nextLong(),
                    r.nextLong(),
                    r.nextBoolean() ? EntryType.NORMAL : EntryType.CONF_CHANGE,
                    bytes(r, r.nextInt(20))));
        }
        Snapshot snapshot = r.nextBoolean()
                ? Snapshot.EMPTY
                : new Snapshot(
                        new SnapshotMetadata(
                                1 + r.nextInt(1000),
                                r.nextLong(),
                                new ConfState(List.of(r.nextLong(0, 50), 60L + r.nextInt(5)), List.of(100L))),
                        bytes(r, r.nextInt(30)));
        return Message.builder(types[r.nextInt(types.length)])
                .to(r.nextLong())
                .from(r.nextLong())
                .term(r.nextLong())
                .logTerm(r.nextLong())
                .index(r.nextLong())
                .entries(entries)
                .commit(r.nextLong())
                .snapshot(snapshot)
                .reject(r.nextBoolean())
                .rejectHint(r.nextLong())
                .context(bytes(r, r.nextInt(8)))
                .build();
    }

    private static ByteString bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return ByteString.copyFrom(b);
    }
}
