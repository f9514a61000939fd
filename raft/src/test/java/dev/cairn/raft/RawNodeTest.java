package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Ready/advance contract, restart from storage, status and input validation. */
class RawNodeTest {

    @Test
    void softStateOnlyWhenChangedHardStateEmptyWhenUnchangedMustSyncOnEntriesOrTermOrVote() {
        Network net = Network.bootstrap(3);
        RawNode n = net.node(1);
        n.campaign();
        Ready rd = n.ready();
        assertThat(rd.softState()).isEqualTo(new SoftState(0, StateType.CANDIDATE));
        assertThat(rd.hardState()).isEqualTo(new HardState(2, 1, 3));
        assertThat(rd.mustSync()).isTrue();
        assertThat(rd.entries()).isEmpty();
        assertThat(rd.messages()).extracting(Message::type).containsExactly(MessageType.VOTE, MessageType.VOTE);
        n.advance(rd);
        assertThat(n.hasReady()).isFalse();

        n.step(Message.builder(MessageType.VOTE_RESP).from(2).to(1).term(2).build());
        rd = n.ready();
        assertThat(rd.softState()).isEqualTo(new SoftState(1, StateType.LEADER));
        assertThat(rd.hardState()).isEqualTo(HardState.EMPTY); // term, vote, commit unchanged
        assertThat(rd.entries())
                .singleElement()
                .satisfies(e -> assertThat(e.index()).isEqualTo(4));
        assertThat(rd.mustSync()).isTrue();
        net.storage(1).append(rd.entries());
        n.advance(rd);

        n.step(Message.builder(MessageType.HEARTBEAT_RESP).from(2).to(1).term(2).build());
        rd = n.ready();
        assertThat(rd.softState()).isNull();
        assertThat(rd.hardState()).isEqualTo(HardState.EMPTY);
        assertThat(rd.entries()).isEmpty();
        assertThat(rd.mustSync()).isFalse();
        n.advance(rd);
    }

    @Test
    void commitOnlyChangeNeedsNoSync() {
        Network net = Network.withLeader(3, c -> c);
        net.node(1).propose(bs("x"));
        net.processReadies();
        net.deliverOne(); // APP to 2
        net.processReadies();
        net.deliverOne(); // APP to 3
        net.processReadies();
        RawNode leader = net.node(1);
        // deliver node 2's acknowledgement by hand to look at the leader's Ready
        Message ack = net.queue.poll();
        assertThat(ack).isNotNull();
        leader.step(ack);
        Ready rd = leader.ready();
        assertThat(rd.hardState().commit()).isEqualTo(5);
        assertThat(rd.mustSync()).isFalse();
        assertThat(rd.committedEntries()).extracting(Entry::data).containsExactly(bs("x"));
        leader.advance(rd);
    }

    @Test
    void restartFromStorageKeepsTermVoteLogAndDoesNotReapply() {
        Network net = Network.withLeader(3, c -> c);
        net.node(1).propose(bs("a"));
        net.settle();
        MemoryStorage st = net.storage(2);
        long applied = net.status(2).applied();
        HardState hs = net.status(2).hs();
        RawNode restarted = RawNode.create(Network.config(2, st).withApplied(applied));
        Status s = restarted.status();
        assertThat(s.hs()).isEqualTo(hs);
        assertThat(s.applied()).isEqualTo(applied);
        assertThat(s.ss()).isEqualTo(new SoftState(0, StateType.FOLLOWER));
        assertThat(restarted.hasReady()).isFalse();
    }

    @Test
    void restartWithAppliedBehindCommitReappliesTheRest() {
        Network net = Network.withLeader(3, c -> c);
        net.node(1).propose(bs("a"));
        net.node(1).propose(bs("b"));
        net.settle();
        MemoryStorage st = net.storage(2);
        long commit = net.status(2).hs().commit();
        RawNode restarted = RawNode.create(Network.config(2, st).withApplied(commit - 1));
        Ready rd = restarted.ready();
        assertThat(rd.committedEntries()).extracting(Entry::data).containsExactly(bs("b"));
        restarted.advance(rd);
        assertThat(restarted.status().applied()).isEqualTo(commit);
    }

    @Test
    void statusHasProgressOnTheLeaderOnly() {
        Network net = Network.withLeader(3, c -> c);
        Status leader = net.status(1);
        assertThat(leader.progress()).containsOnlyKeys(1L, 2L, 3L);
        assertThat(leader.progress().get(2L)).isNotNull();
        assertThat(net.progress(1, 2).match()).isEqualTo(leader.hs().commit());
        assertThat(net.progress(1, 2).state()).isEqualTo(ProgressState.REPLICATE);
        assertThat(net.status(2).progress()).isEmpty();
    }

    @Test
    void localMessagesAreRejectedAndUnknownResponsesIgnored() {
        Network net = Network.withLeader(3, c -> c);
        for (MessageType t : List.of(
                MessageType.HUP,
                MessageType.BEAT,
                MessageType.UNREACHABLE,
                MessageType.SNAP_STATUS,
                MessageType.CHECK_QUORUM)) {
            assertThatThrownBy(() -> net.node(1).step(Message.builder(t).from(2).build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        long term = net.status(1).hs().term();
        net.node(1)
                .step(Message.builder(MessageType.APP_RESP)
                        .from(9)
                        .to(1)
                        .term(term)
                        .index(100)
                        .build());
        assertThat(net.node(1).hasReady()).isFalse();
    }

    @Test
    void proposalsWithoutLeaderOrWithForwardingDisabledAreDropped() {
        Network net = Network.bootstrap(3);
        assertThatThrownBy(() -> net.node(2).propose(bs("x"))).isInstanceOf(ProposalDroppedException.class);
        Network noFwd = Network.withLeader(
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
                        false,
                        false,
                        ReadOnlyOption.SAFE,
                        true,
                        c.random()));
        assertThatThrownBy(() -> noFwd.node(2).propose(bs("x"))).isInstanceOf(ProposalDroppedException.class);
        // a forwarded proposal that the receiver drops is ignored, not thrown at the driver
        noFwd.node(2)
                .step(Message.builder(MessageType.PROP)
                        .from(3)
                        .to(2)
                        .entries(List.of(Entry.normal(0, 0, bs("y"))))
                        .build());
    }

    @Test
    void configRejectsInvalidValues() {
        MemoryStorage st = new MemoryStorage();
        Config ok = Network.config(1, st);
        assertThatThrownBy(() ->
                        new Config(0, 10, 1, st, 0, 1, 0, 0, 1, false, false, ReadOnlyOption.SAFE, false, ok.random()))
                .hasMessage("cannot use none as id");
        assertThatThrownBy(() ->
                        new Config(1, 1, 1, st, 0, 1, 0, 0, 1, false, false, ReadOnlyOption.SAFE, false, ok.random()))
                .hasMessage("election tick must be greater than heartbeat tick");
        assertThatThrownBy(() -> new Config(
                        1, 10, 1, st, 0, 1, 0, 0, 1, false, false, ReadOnlyOption.LEASE_BASED, false, ok.random()))
                .hasMessage("CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased");
        assertThat(Config.defaults(1, st, ok.random()).electionTick()).isEqualTo(10);
    }

    @Test
    void bootstrapRejectsNonEmptyStorageAndNoPeers() {
        Network net = Network.withLeader(1, c -> c);
        RawNode again = RawNode.create(Network.config(1, net.storage(1)));
        assertThatThrownBy(() -> again.bootstrap(List.of(new Peer(1, bs("")))))
                .hasMessage("can't bootstrap a nonempty Storage");
        RawNode fresh = RawNode.create(Network.config(1, new MemoryStorage()));
        assertThatThrownBy(() -> fresh.bootstrap(List.of())).hasMessage("must provide at least one peer to Bootstrap");
    }
}
