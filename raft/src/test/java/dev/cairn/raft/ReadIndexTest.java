package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ReadIndex (the Raft thesis, section 6.4): linearizable reads without writing the log. */
class ReadIndexTest {

    @Test
    void leaderAnswersAfterAQuorumAcknowledgesAHeartbeatRound() {
        Network net = Network.withLeader(3, c -> c);
        long commit = net.status(1).hs().commit();
        net.node(1).readIndex(bs("r1"));
        net.processReadies();
        assertThat(net.reads.get(1L)).isEmpty();
        assertThat(net.queue)
                .filteredOn(m -> m.type() == MessageType.HEARTBEAT)
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.context()).isEqualTo(bs("r1")));
        net.settle();
        assertThat(net.reads.get(1L)).containsExactly(new ReadState(commit, bs("r1")));
    }

    @Test
    void withoutAQuorumTheReadIsNotAnswered() {
        Network net = Network.withLeader(3, c -> c);
        net.isolate(2);
        net.isolate(3);
        net.node(1).readIndex(bs("r1"));
        net.settle();
        assertThat(net.reads.get(1L)).isEmpty();
    }

    @Test
    void oneAcknowledgedRoundAnswersEveryReadQueuedBeforeIt() {
        Network net = Network.withLeader(3, c -> c);
        long commit = net.status(1).hs().commit();
        // acknowledgements of r1 and r2 are lost; r3's round answers all three
        net.dropIf(m -> m.type() == MessageType.HEARTBEAT_RESP && !m.context().equals(bs("r3")));
        net.node(1).readIndex(bs("r1"));
        net.node(1).readIndex(bs("r2"));
        net.settle();
        assertThat(net.reads.get(1L)).isEmpty();
        net.node(1).readIndex(bs("r3"));
        net.settle();
        assertThat(net.reads.get(1L))
                .containsExactly(
                        new ReadState(commit, bs("r1")),
                        new ReadState(commit, bs("r2")),
                        new ReadState(commit, bs("r3")));
    }

    @Test
    void followerForwardsToTheLeaderAndGetsTheLeadersCommitIndex() {
        Network net = Network.withLeader(3, c -> c);
        net.node(1).propose(bs("x"));
        net.settle();
        long commit = net.status(1).hs().commit();
        net.node(2).readIndex(bs("f1"));
        net.settle();
        assertThat(net.sent(MessageType.READ_INDEX, 2, 1)).hasSize(1);
        assertThat(net.sent(MessageType.READ_INDEX_RESP, 1, 2)).hasSize(1);
        assertThat(net.reads.get(2L)).containsExactly(new ReadState(commit, bs("f1")));
        assertThat(net.reads.get(1L)).isEmpty();
    }

    @Test
    void singleVoterAnswersAtOnce() {
        Network net = Network.withLeader(1, c -> c);
        net.node(1).readIndex(bs("s"));
        Ready rd = net.node(1).ready();
        assertThat(rd.readStates())
                .containsExactly(new ReadState(net.status(1).hs().commit(), bs("s")));
        assertThat(rd.messages()).isEmpty();
        net.node(1).advance(rd);
    }

    @Test
    void aNewLeaderDefersReadsUntilAnEntryOfItsTermIsCommitted() {
        Network net = Network.bootstrap(3);
        net.dropIf(m -> m.type() == MessageType.APP);
        net.node(1).campaign();
        net.settle();
        assertThat(net.state(1)).isEqualTo(StateType.LEADER);
        long emptyEntryIndex = net.storage(1).lastIndex();
        assertThat(net.status(1).hs().commit()).isLessThan(emptyEntryIndex);
        net.node(1).readIndex(bs("early"));
        net.settle();
        assertThat(net.sent).noneMatch(m -> m.context().equals(bs("early")));
        net.recover();
        net.tick(1, 1); // heartbeat responses trigger appends; the empty entry commits
        net.settle();
        assertThat(net.reads.get(1L)).containsExactly(new ReadState(emptyEntryIndex, bs("early")));
    }

    @Test
    void leaseBasedReadsAreAnsweredWithoutAHeartbeatRound() {
        Network net = Network.withLeader(
                3,
                c -> new Config(
                        c.id(),
                        c.electionTick(),
                        c.heartbeatTick(),
                        c.storage(),
                        c.applied(),
                        c.maxSizePerMsg(),
                        0,
                        0,
                        256,
                        true,
                        false,
                        ReadOnlyOption.LEASE_BASED,
                        false,
                        c.random()));
        net.isolate(2);
        net.isolate(3);
        net.node(1).readIndex(bs("lease"));
        net.settle();
        assertThat(net.reads.get(1L))
                .containsExactly(new ReadState(net.status(1).hs().commit(), bs("lease")));
        assertThat(net.sent).noneMatch(m -> m.context().equals(bs("lease")));
    }

    @Test
    void aReadOnAFollowerWithoutLeaderIsDropped() {
        Network net = Network.bootstrap(3);
        net.node(2).readIndex(bs("nolead"));
        net.settle();
        assertThat(net.reads.get(2L)).isEmpty();
        assertThat(net.sent).noneMatch(m -> m.type() == MessageType.READ_INDEX);
        assertThat(List.copyOf(net.queue)).isEmpty();
    }
}
