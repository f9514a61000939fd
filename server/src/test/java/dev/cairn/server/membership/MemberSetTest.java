package dev.cairn.server.membership;

import static dev.cairn.server.membership.Fixtures.learner;
import static dev.cairn.server.membership.Fixtures.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.proto.raftpb.MemberRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The member set, its order, and its cluster records. */
class MemberSetTest {
    @Test
    void listsMembersByIdAsUnsignedNumbers() {
        long high = 0xF000_0000_0000_0001L; // negative as a Java long, large as etcd's uint64
        MemberSet set = MemberSet.of(List.of(started(high), started(2), learner(1)), List.of());
        assertThat(set.members()).extracting(ClusterMember::id).containsExactly(1L, 2L, high);
        assertThat(set.voters()).extracting(ClusterMember::id).containsExactly(2L, high);
        assertThat(set.learners()).extracting(ClusterMember::id).containsExactly(1L);
    }

    @Test
    void removingRemembersTheId() {
        MemberSet set = Fixtures.set(started(1), started(2)).without(2);
        assertThat(set.contains(2)).isFalse();
        assertThat(set.isRemoved(2)).isTrue();
        assertThat(set.removedIds()).containsExactly(2L);
        assertThat(set.members()).extracting(ClusterMember::id).containsExactly(1L);
    }

    @Test
    void refusesDuplicatesAndMembersThatWereRemoved() {
        assertThatThrownBy(() -> MemberSet.of(List.of(started(1), started(1)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemberSet.of(List.of(started(1)), List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peerUrlUseIgnoresTheGivenMember() {
        MemberSet set = Fixtures.set(started(1), started(2));
        assertThat(set.peerUrlUsed(Fixtures.peer(1), 0)).isTrue();
        assertThat(set.peerUrlUsed(Fixtures.peer(1), 1)).isFalse();
        assertThat(set.peerUrlUsed("http://elsewhere:2380", 0)).isFalse();
    }

    @Test
    void recordsRoundTripAndUseEtcdsKeys() {
        MemberSet set = MemberSet.of(List.of(started(0xab), learner(3)), List.of(0x1fL));
        Fixtures.Records records = new Fixtures.Records();
        ClusterRecords.saveAll(records, set);
        assertThat(records.map.keySet())
                .extracting(ByteString::toStringUtf8)
                .containsExactly("members/3", "members/ab", "members_removed/1f");
        assertThat(records.map.get(ByteString.copyFromUtf8("members_removed/1f")))
                .isEqualTo(ByteString.EMPTY);
        records.map.put(ByteString.copyFromUtf8("cluster_version"), ByteString.copyFromUtf8("3.6.0"));
        assertThat(ClusterRecords.restore(records.map)).isEqualTo(set);
    }

    @Test
    void aRecordUnderAnotherMembersKeyIsCorruption() {
        Map<ByteString, ByteString> records =
                Map.of(ClusterRecords.memberKey(2), started(1).toRecord().toByteString());
        assertThatThrownBy(() -> ClusterRecords.restore(records)).isInstanceOf(IllegalStateException.class);
        Map<ByteString, ByteString> garbage = Map.of(ClusterRecords.memberKey(2), ByteString.copyFromUtf8("\u00ff"));
        assertThatThrownBy(() -> ClusterRecords.restore(garbage)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void convertsToTheWireMember() {
        ClusterMember m = learner(7);
        MemberRecord r = m.toRecord();
        assertThat(ClusterMember.fromRecord(r)).isEqualTo(m);
        var wire = m.toProto();
        assertThat(wire.getID()).isEqualTo(7);
        assertThat(wire.getName()).isEqualTo("m7");
        assertThat(wire.getPeerURLsList()).containsExactly("http://10.0.0.7:2380");
        assertThat(wire.getClientURLsList()).containsExactly("http://10.0.0.7:2379");
        assertThat(wire.getIsLearner()).isTrue();
        assertThat(ClusterMember.unstarted(7, List.of(), false).started()).isFalse();
    }
}
