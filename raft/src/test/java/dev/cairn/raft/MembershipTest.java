package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-step membership changes (the Raft thesis, section 4.1), learners and bootstrap. */
class MembershipTest {

    private static void change(Network net, ConfChangeType type, long node) {
        net.node(1).proposeConfChange(new ConfChange(type, node, bs("ctx" + node)));
        net.settle();
    }

    @Test
    void bootstrapWritesCommittedConfChangeEntriesOneToNAtTermOne() {
        MemoryStorage st = new MemoryStorage();
        RawNode n = RawNode.create(Network.config(1, st));
        n.bootstrap(List.of(new Peer(1, bs("a")), new Peer(2, bs("b")), new Peer(3, bs("c"))));
        Ready rd = n.ready();
        assertThat(rd.hardState()).isEqualTo(new HardState(1, 0, 3));
        assertThat(rd.mustSync()).isTrue();
        assertThat(rd.entries()).hasSize(3).allSatisfy(e -> {
            assertThat(e.term()).isEqualTo(1);
            assertThat(e.type()).isEqualTo(EntryType.CONF_CHANGE);
        });
        assertThat(rd.entries().get(1).index()).isEqualTo(2);
        assertThat(ConfChange.parse(rd.entries().get(1).data()))
                .isEqualTo(new ConfChange(ConfChangeType.ADD_NODE, 2, bs("b")));
        assertThat(rd.committedEntries()).isEqualTo(rd.entries());
        st.append(rd.entries());
        st.setHardState(rd.hardState());
        ConfState cs = null;
        for (Entry e : rd.committedEntries()) {
            cs = n.applyConfChange(ConfChange.parse(e.data()));
        }
        assertThat(cs).isEqualTo(new ConfState(List.of(1L, 2L, 3L), List.of()));
        n.advance(rd);
        assertThat(n.hasReady()).isFalse();
        assertThat(n.status().applied()).isEqualTo(3);
    }

    @Test
    void learnerReceivesTheLogButNeverVotesNorCountsNorCampaigns() {
        Network net = Network.withLeader(3, c -> c);
        net.start(4); // joins with an empty log and no configuration
        change(net, ConfChangeType.ADD_LEARNER_NODE, 4);
        net.node(1).propose(bs("x"));
        net.settle();
        assertThat(net.appliedData(4)).containsExactly("x");
        assertThat(net.progress(1, 4).isLearner()).isTrue();
        assertThat(net.node(4).applyConfChange(new ConfChange(ConfChangeType.UPDATE_NODE, 4, bs(""))))
                .isEqualTo(new ConfState(List.of(1L, 2L, 3L), List.of(4L)));
        // never campaigns
        long term = net.status(4).hs().term();
        net.isolate(1);
        net.tick(4, 100);
        assertThat(net.state(4)).isEqualTo(StateType.FOLLOWER);
        assertThat(net.status(4).hs().term()).isEqualTo(term);
        net.recover();
        // leader + learner are not a quorum of voters
        net.isolate(2);
        net.isolate(3);
        long commit = net.status(1).hs().commit();
        net.node(1).propose(bs("y"));
        net.settle();
        assertThat(net.status(1).hs().commit()).isEqualTo(commit);
        assertThat(net.storage(4).lastIndex()).isGreaterThan(commit);
    }

    @Test
    void promotedLearnerVotesAndCounts() {
        Network net = Network.withLeader(3, c -> c);
        net.start(4);
        change(net, ConfChangeType.ADD_LEARNER_NODE, 4);
        change(net, ConfChangeType.ADD_NODE, 4);
        assertThat(net.progress(1, 4).isLearner()).isFalse();
        // 1, 2 and 4 are a quorum of four voters... not: 3 of 4 needed
        net.isolate(3);
        net.node(1).propose(bs("three-of-four"));
        net.settle();
        assertThat(net.appliedData(4)).containsExactly("three-of-four");
        net.isolate(2);
        long commit = net.status(1).hs().commit();
        net.node(1).propose(bs("two-of-four"));
        net.settle();
        assertThat(net.status(1).hs().commit()).isEqualTo(commit);
        net.recover();
        // node 4 can now become leader
        net.tick(1, 1);
        net.node(4).campaign();
        net.settle();
        assertThat(net.state(4)).isEqualTo(StateType.LEADER);
    }

    @Test
    void removedVoterNoLongerCountsForQuorum() {
        Network net = Network.withLeader(3, c -> c);
        change(net, ConfChangeType.REMOVE_NODE, 3);
        assertThat(net.status(1).progress()).containsOnlyKeys(1L, 2L);
        net.isolate(3);
        net.node(1).propose(bs("two-of-two"));
        net.settle();
        assertThat(net.appliedData(2)).containsExactly("two-of-two");
    }

    @Test
    void removedLeaderStepsDownAndTheRestElect() {
        Network net = Network.withLeader(3, c -> c);
        change(net, ConfChangeType.REMOVE_NODE, 1);
        assertThat(net.state(1)).isEqualTo(StateType.FOLLOWER);
        net.tickAll(40);
        List<Long> leaders = net.leaders();
        assertThat(leaders).hasSize(1).doesNotContain(1L);
        long leader = leaders.get(0);
        net.node(leader).propose(bs("after"));
        net.settle();
        assertThat(net.appliedData(leader == 2 ? 3 : 2)).containsExactly("after");
    }

    @Test
    void removingTheLastVoterIsIgnoredAndUpdateChangesNothing() {
        Network net = Network.withLeader(1, c -> c);
        ConfState one = new ConfState(List.of(1L), List.of());
        assertThat(net.node(1).applyConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 1, bs(""))))
                .isEqualTo(one);
        assertThat(net.node(1).applyConfChange(new ConfChange(ConfChangeType.UPDATE_NODE, 1, bs("new"))))
                .isEqualTo(one);
        assertThat(net.state(1)).isEqualTo(StateType.LEADER);
    }

    @Test
    void demotedVoterBecomesALearner() {
        Network net = Network.withLeader(3, c -> c);
        change(net, ConfChangeType.ADD_LEARNER_NODE, 3);
        assertThat(net.progress(1, 3).isLearner()).isTrue();
        long term = net.status(3).hs().term();
        net.isolate(1);
        net.tick(3, 50);
        assertThat(net.status(3).hs().term()).isEqualTo(term);
    }
}
