package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pre-vote and check-quorum (the Raft thesis, sections 9.6 and 6.2): a partitioned node does not
 * disrupt the cluster when it returns; a leader without a quorum steps down; followers within a
 * leader's lease ignore vote requests.
 */
class PreVoteAndCheckQuorumTest {

    @Test
    void withPreVoteAPartitionedFollowerDoesNotRaiseItsTermNorDisruptOnReturn() {
        Network net = Network.withLeader(3, Network.with(false, true));
        long term = net.status(1).hs().term();
        net.isolate(3);
        net.tick(3, 100);
        assertThat(net.state(3)).isEqualTo(StateType.PRE_CANDIDATE);
        assertThat(net.status(3).hs().term()).isEqualTo(term);
        net.recover();
        net.tick(1, 1); // a heartbeat brings node 3 back as a follower
        net.tickAll(30);
        assertThat(net.state(1)).isEqualTo(StateType.LEADER);
        assertThat(net.status(1).hs().term()).isEqualTo(term);
        assertThat(net.status(3).ss()).isEqualTo(new SoftState(1, StateType.FOLLOWER));
    }

    @Test
    void withoutPreVoteAReturningPartitionedNodeDisruptsTheLeader() {
        Network net = Network.withLeader(3, Network.with(false, false));
        long term = net.status(1).hs().term();
        net.isolate(3);
        net.tick(3, 100);
        assertThat(net.status(3).hs().term()).isGreaterThan(term + 2);
        net.recover();
        net.tick(3, 30); // its vote requests carry a higher term: the leader steps down
        assertThat(net.status(1).hs().term()).isGreaterThan(term);
    }

    @Test
    void preVoteIsRejectedForACandidateWithAStaleLog() {
        Network net = Network.withLeader(3, Network.with(false, true));
        net.isolate(3);
        net.node(1).propose(bs("a"));
        net.settle();
        net.recover();
        net.isolate(1);
        long term = net.status(3).hs().term();
        net.node(3).campaign();
        net.settle();
        // one rejection, one missing answer: still pending, and the term never moved
        assertThat(net.state(3)).isEqualTo(StateType.PRE_CANDIDATE);
        assertThat(net.status(3).hs().term()).isEqualTo(term);
        assertThat(net.status(2).hs().term()).isEqualTo(term);
        assertThat(net.sent(MessageType.PRE_VOTE_RESP, 2, 3))
                .singleElement()
                .satisfies(m -> assertThat(m.reject()).isTrue());
        assertThat(net.sent(MessageType.VOTE, 3, 2)).isEmpty();
    }

    @Test
    void preCandidateWinsThenCampaignsForReal() {
        Network net = Network.bootstrap(3, Network.with(false, true));
        net.node(2).campaign();
        net.settle();
        assertThat(net.state(2)).isEqualTo(StateType.LEADER);
        assertThat(net.sent(MessageType.PRE_VOTE, 2, 1)).hasSize(1);
        assertThat(net.sent(MessageType.VOTE, 2, 1)).hasSize(1);
        assertThat(net.status(2).hs().term()).isEqualTo(2);
    }

    @Test
    void checkQuorumLeaderStepsDownWithoutQuorumActivity() {
        Network net = Network.withLeader(3, Network.with(true, false));
        net.isolate(1);
        net.tick(1, 20); // two election timeouts: the first check clears activity, the second fails
        assertThat(net.status(1).ss()).isEqualTo(new SoftState(0, StateType.FOLLOWER));
    }

    @Test
    void checkQuorumLeaderStaysWhileAQuorumResponds() {
        Network net = Network.withLeader(3, Network.with(true, false));
        net.isolate(3);
        net.tick(1, 50);
        assertThat(net.state(1)).isEqualTo(StateType.LEADER);
    }

    @Test
    void followerInLeaderLeaseIgnoresVoteRequestsUnlessTransferForced() {
        Network net = Network.withLeader(3, Network.with(true, false));
        long term = net.status(2).hs().term();
        Message vote = Message.builder(MessageType.VOTE)
                .from(3)
                .to(2)
                .term(term + 1)
                .index(100)
                .logTerm(term)
                .build();
        net.node(2).step(vote);
        assertThat(net.status(2).hs().term()).isEqualTo(term);
        assertThat(net.node(2).hasReady()).isFalse();

        net.node(2).step(vote.toBuilder().context(Raft.CAMPAIGN_TRANSFER).build());
        assertThat(net.status(2).hs())
                .isEqualTo(new HardState(term + 1, 3, net.status(2).hs().commit()));
    }

    @Test
    void staleLeaderLearnsTheNewTermFromAnAppendResponse() {
        Network net = Network.withLeader(3, Network.with(true, true));
        net.isolate(1);
        net.tick(2, 30);
        net.tick(3, 30);
        long newLeader = net.state(2) == StateType.LEADER ? 2 : 3;
        assertThat(net.state(newLeader)).isEqualTo(StateType.LEADER);
        net.recover();
        net.tick(1, 1); // old leader's heartbeat of a lower term is answered; it steps down
        assertThat(net.state(1)).isEqualTo(StateType.FOLLOWER);
        assertThat(net.status(1).hs().term())
                .isEqualTo(net.status(newLeader).hs().term());
    }
}
