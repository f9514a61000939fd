package dev.cairn.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MemoryStorage against etcd's storage semantics (dummy entry at the snapshot index). */
class MemoryStorageTest {

    private static Entry e(long term, long index) {
        return Entry.normal(term, index, ByteString.copyFromUtf8("x" + index));
    }

    /** Entries 3..5 after compacting at 3: the dummy is (3,3). */
    private static MemoryStorage storage345() {
        MemoryStorage ms = new MemoryStorage();
        ms.append(List.of(e(1, 1), e(1, 2), e(3, 3), e(4, 4), e(5, 5)));
        ms.compact(3);
        return ms;
    }

    @Test
    void emptyStorageHasDummyAtZero() {
        MemoryStorage ms = new MemoryStorage();
        assertThat(ms.firstIndex()).isEqualTo(1);
        assertThat(ms.lastIndex()).isZero();
        assertThat(ms.term(0)).isZero();
        assertThatThrownBy(() -> ms.term(1)).isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> ms.entries(1, 1, Long.MAX_VALUE)).isInstanceOf(UnavailableException.class);
        assertThat(ms.initialState()).isEqualTo(new InitialState(HardState.EMPTY, ConfState.EMPTY));
    }

    @Test
    void termAroundTheCompactionPoint() {
        MemoryStorage ms = storage345();
        assertThatThrownBy(() -> ms.term(2)).isInstanceOf(CompactedException.class);
        assertThat(ms.term(3)).isEqualTo(3);
        assertThat(ms.term(5)).isEqualTo(5);
        assertThatThrownBy(() -> ms.term(6))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("requested entry at index is unavailable");
        assertThat(ms.firstIndex()).isEqualTo(4);
        assertThat(ms.lastIndex()).isEqualTo(5);
    }

    @Test
    void entriesHonourCompactionAndSizeLimitButReturnAtLeastOne() {
        MemoryStorage ms = storage345();
        assertThatThrownBy(() -> ms.entries(3, 5, Long.MAX_VALUE))
                .isInstanceOf(CompactedException.class)
                .hasMessage("requested index is unavailable due to compaction");
        assertThat(ms.entries(4, 6, Long.MAX_VALUE)).containsExactly(e(4, 4), e(5, 5));
        assertThat(ms.entries(4, 6, 0)).containsExactly(e(4, 4));
        long one = Entries.size(e(4, 4));
        assertThat(ms.entries(4, 6, one)).containsExactly(e(4, 4));
        assertThat(ms.entries(4, 6, 2 * one)).containsExactly(e(4, 4), e(5, 5));
        assertThatThrownBy(() -> ms.entries(4, 7, Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appendTruncatesConflictsAndIgnoresCompactedPrefix() {
        MemoryStorage ms = storage345();
        ms.append(List.of(e(3, 3), e(6, 4), e(6, 5), e(6, 6)));
        assertThat(ms.entries(4, 7, Long.MAX_VALUE)).containsExactly(e(6, 4), e(6, 5), e(6, 6));
        ms.append(List.of(e(1, 1), e(1, 2)));
        assertThat(ms.lastIndex()).isEqualTo(6);
        ms.append(List.of(e(7, 7)));
        assertThat(ms.lastIndex()).isEqualTo(7);
        assertThatThrownBy(() -> ms.append(List.of(e(7, 9)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createSnapshotThenCompactThenApplySnapshot() {
        MemoryStorage ms = storage345();
        ConfState cs = new ConfState(List.of(1L, 2L, 3L), List.of());
        Snapshot snap = ms.createSnapshot(4, cs, ByteString.copyFromUtf8("data"));
        assertThat(snap.metadata()).isEqualTo(new SnapshotMetadata(4, 4, cs));
        assertThat(ms.snapshot()).isEqualTo(snap);
        assertThatThrownBy(() -> ms.createSnapshot(4, cs, ByteString.EMPTY))
                .isInstanceOf(SnapshotOutOfDateException.class);
        ms.compact(4);
        assertThat(ms.firstIndex()).isEqualTo(5);
        assertThat(ms.initialState().confState()).isEqualTo(cs);
        assertThatThrownBy(() -> ms.compact(4)).isInstanceOf(CompactedException.class);

        MemoryStorage follower = new MemoryStorage();
        follower.applySnapshot(snap);
        assertThat(follower.firstIndex()).isEqualTo(5);
        assertThat(follower.lastIndex()).isEqualTo(4);
        assertThat(follower.term(4)).isEqualTo(4);
        assertThatThrownBy(() -> follower.applySnapshot(snap)).isInstanceOf(SnapshotOutOfDateException.class);
    }

    @Test
    void hardStateRoundTrips() {
        MemoryStorage ms = new MemoryStorage();
        ms.setHardState(new HardState(3, 2, 1));
        assertThat(ms.initialState().hardState()).isEqualTo(new HardState(3, 2, 1));
    }

    @Test
    void confChangeBytesRoundTripAndMatchEtcdEncoding() {
        ConfChange cc = new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 300, ByteString.copyFromUtf8("ctx"));
        assertThat(ConfChange.parse(cc.toBytes())).isEqualTo(cc);
        // etcd's raftpb.ConfChange{Type: AddNode, NodeID: 1} marshals to 08 00 10 00 18 01
        assertThat(new ConfChange(ConfChangeType.ADD_NODE, 1, ByteString.EMPTY).toBytes())
                .isEqualTo(ByteString.copyFrom(new byte[] {0x08, 0, 0x10, 0, 0x18, 1}));
        assertThatThrownBy(() -> ConfChange.parse(ByteString.copyFrom(new byte[] {0x18})))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
