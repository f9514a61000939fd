package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Leadership transfer (the Raft thesis, section 3.10). */
class LeaderTransferTest {

    @Test
    void transferToAnUpToDateFollowerSendsTimeoutNowAndItWins() {
        Network net = Network.withLeader(3, Network.with(true, true));
        long term = net.status(1).hs().term();
        net.node(1).transferLeader(2);
        net.settle();
        assertThat(net.sent(MessageType.TIMEOUT_NOW, 1, 2)).hasSize(1);
        assertThat(net.state(2)).isEqualTo(StateType.LEADER);
        assertThat(net.status(2).hs().term()).isEqualTo(term + 1);
        assertThat(net.status(1).ss()).isEqualTo(new SoftState(2, StateType.FOLLOWER));
        // a transfer campaign skips pre-vote and overrides the followers' leader lease
        assertThat(net.sent(MessageType.PRE_VOTE, 2, 3)).isEmpty();
    }

    @Test
    void laggingTransfereeIsBroughtUpToDateFirst() {
        Network net = Network.withLeader(3, c -> c);
        net.isolate(3);
        for (int i = 0; i < 3; i++) {
            net.node(1).propose(bs("p" + i));
        }
        net.settle();
        net.recover();
        int before = net.sent.size();
        net.node(1).transferLeader(3);
        assertThat(net.status(1).leadTransferee()).isEqualTo(3);
        net.settle();
        var after = net.sent.subList(before, net.sent.size());
        int catchUp = -1;
        int timeoutNow = -1;
        for (int i = 0; i < after.size(); i++) {
            Message m = after.get(i);
            if (catchUp < 0
                    && m.type() == MessageType.APP
                    && m.to() == 3
                    && !m.entries().isEmpty()) {
                catchUp = i;
            }
            if (m.type() == MessageType.TIMEOUT_NOW) {
                timeoutNow = i;
            }
        }
        assertThat(catchUp).isNotNegative().isLessThan(timeoutNow);
        assertThat(net.state(3)).isEqualTo(StateType.LEADER);
        assertThat(net.appliedData(3)).containsExactly("p0", "p1", "p2");
    }

    @Test
    void proposalsAreDroppedDuringATransferAndTheTransferAbortsAfterAnElectionTimeout() {
        Network net = Network.withLeader(3, c -> c);
        net.isolate(3);
        net.node(1).transferLeader(3);
        net.settle();
        assertThat(net.status(1).leadTransferee()).isEqualTo(3);
        assertThatThrownBy(() -> net.node(1).propose(bs("x"))).isInstanceOf(ProposalDroppedException.class);
        net.tick(1, 10);
        assertThat(net.status(1).leadTransferee()).isZero();
        assertThat(net.state(1)).isEqualTo(StateType.LEADER);
        net.node(1).propose(bs("x"));
        net.settle();
        assertThat(net.appliedData(2)).containsExactly("x");
    }

    @Test
    void aFollowerForwardsTheTransferRequestToTheLeader() {
        Network net = Network.withLeader(3, c -> c);
        net.node(3).transferLeader(3);
        net.settle();
        assertThat(net.sent(MessageType.TRANSFER_LEADER, 3, 1)).hasSize(1);
        assertThat(net.state(3)).isEqualTo(StateType.LEADER);
    }

    @Test
    void transferToALearnerOrToItselfIsIgnored() {
        Network net = Network.withLeader(3, c -> c);
        net.start(4);
        net.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4, bs("")));
        net.settle();
        net.node(1).transferLeader(4);
        net.node(1).transferLeader(1);
        net.settle();
        assertThat(net.status(1).leadTransferee()).isZero();
        assertThat(net.state(1)).isEqualTo(StateType.LEADER);
    }
}
