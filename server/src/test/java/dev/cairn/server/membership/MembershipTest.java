package dev.cairn.server.membership;

import static dev.cairn.server.membership.Fixtures.learner;
import static dev.cairn.server.membership.Fixtures.started;
import static dev.cairn.server.membership.Fixtures.unstarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.raft.ConfChange;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applying conf changes and published attributes, and what they leave in the store. */
class MembershipTest {
    Fixtures.Records records;
    Membership membership;

    @BeforeEach
    void bootstrapThree() {
        records = new Fixtures.Records();
        membership = new Membership(1, MemberSet.EMPTY, 1);
        for (long id = 1; id <= 3; id++) {
            assertThat(membership
                            .apply(MemberChanges.add(unstarted(id)), records)
                            .applied())
                    .isTrue();
        }
        records.log.clear();
    }

    @Test
    void bootstrapEntriesFillTheSetAndTheStore() {
        assertThat(membership.current().members()).containsExactly(unstarted(1), unstarted(2), unstarted(3));
        assertThat(ClusterRecords.restore(records.map)).isEqualTo(membership.current());
    }

    @Test
    void addThenPromoteALearner() {
        ClusterMember l = ClusterMember.unstarted(9, List.of("http://10.0.0.9:2380"), true);
        ApplyResult added = membership.apply(MemberChanges.add(l), records);
        assertThat(added.applied()).isTrue();
        assertThat(added.raftChange()).isEqualTo(MemberChanges.add(l));
        assertThat(membership.current().learners()).containsExactly(l);

        ApplyResult promoted = membership.apply(MemberChanges.promote(9), records);
        assertThat(promoted.applied()).isTrue();
        assertThat(promoted.raftChange()).isEqualTo(MemberChanges.promote(9));
        assertThat(membership.current().member(9)).hasValue(l.promoted());
        assertThat(records.log).containsExactly("put members/9", "put members/9");
        assertThat(ClusterRecords.restore(records.map)).isEqualTo(membership.current());
    }

    @Test
    void aRefusedChangeWritesNothingAndReachesRaftAsNoChange() {
        ConfChange promoteVoter = MemberChanges.promote(2);
        ApplyResult r = membership.apply(promoteVoter, records);
        assertThat(r.error()).isInstanceOf(MembershipException.NotLearner.class);
        assertThat(r.raftChange()).isEqualTo(new ConfChange(promoteVoter.type(), 0, promoteVoter.context()));
        assertThat(r.members()).isSameAs(membership.current());
        assertThat(records.log).isEmpty();
    }

    @Test
    void removeRecordsTheIdAndRefusesItForever() {
        ApplyResult r = membership.apply(MemberChanges.remove(3), records);
        assertThat(r.applied()).isTrue();
        assertThat(r.removedLocal()).isFalse();
        assertThat(records.log).containsExactly("delete members/3", "put members_removed/3");
        assertThat(membership.isRemoved(3)).isTrue();
        assertThat(membership.apply(MemberChanges.add(unstarted(3)), records).error())
                .isInstanceOf(MembershipException.MemberNotFound.class);
        assertThat(membership.applyAttributes(3, "m3", List.of("http://c:2379"), records))
                .isFalse();
        assertThat(ClusterRecords.restore(records.map).isRemoved(3)).isTrue();
    }

    @Test
    void removingThisMemberSaysSo() {
        assertThat(membership.apply(MemberChanges.remove(1), records).removedLocal())
                .isTrue();
    }

    @Test
    void updateChangesOnlyThePeerUrls() {
        membership.applyAttributes(2, "m2", List.of("http://10.0.0.2:2379"), records);
        membership.apply(MemberChanges.update(2, List.of("http://moved:2380")), records);
        ClusterMember m = membership.current().member(2).orElseThrow();
        assertThat(m.peerUrls()).containsExactly("http://moved:2380");
        assertThat(m.name()).isEqualTo("m2");
        assertThat(m.clientUrls()).containsExactly("http://10.0.0.2:2379");
        assertThat(m.learner()).isFalse();
    }

    @Test
    void updatingALearnerKeepsItALearner() {
        membership.apply(MemberChanges.add(learner(9)), records);
        membership.apply(MemberChanges.update(9, List.of("http://moved:2380")), records);
        assertThat(membership.current().member(9).orElseThrow().learner()).isTrue();
    }

    @Test
    void publishingAttributesStartsTheMember() {
        assertThat(membership.current().member(2).orElseThrow().started()).isFalse();
        assertThat(membership.applyAttributes(2, "m2", List.of("http://10.0.0.2:2379"), records))
                .isTrue();
        assertThat(membership.current().member(2)).hasValue(started(2));
        assertThat(ClusterRecords.restore(records.map).member(2)).hasValue(started(2));
        assertThat(membership.applyAttributes(77, "ghost", List.of(), records)).isFalse();
    }

    @Test
    void restoreReplacesTheSet() {
        MemberSet other = Fixtures.set(started(5));
        membership.restore(other);
        assertThat(membership.current()).isEqualTo(other);
    }
}
