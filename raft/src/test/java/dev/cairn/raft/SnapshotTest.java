package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Log compaction (Raft paper section 7): a follower behind the leader's first index gets SNAP. */
class SnapshotTest {

    /** Leader 1 compacts its log while node 3 is away; returns the snapshot index. */
    private static long compactWhile3Away(Network net) {
        net.isolate(3);
        for (int i = 0; i < 5; i++) {
            net.node(1).propose(bs("p" + i));
        }
        net.settle();
        long applied = net.status(1).applied();
        MemoryStorage st = net.storage(1);
        st.createSnapshot(applied, new ConfState(List.of(1L, 2L, 3L), List.of()), bs("state@" + applied));
        st.compact(applied);
        net.recover();
        return applied;
    }

    @Test
    void laggingFollowerReceivesAndInstallsTheSnapshotThenReplicates() {
        Network net = Network.withLeader(3, c -> c);
        long snapIndex = compactWhile3Away(net);
        net.tick(1, 1);
        assertThat(net.sent(MessageType.SNAP, 1, 3))
                .singleElement()
                .satisfies(m -> assertThat(m.snapshot().metadata().index()).isEqualTo(snapIndex));
        MemoryStorage st3 = net.storage(3);
        assertThat(st3.snapshot().data()).isEqualTo(bs("state@" + snapIndex));
        assertThat(st3.firstIndex()).isEqualTo(snapIndex + 1);
        assertThat(net.status(3).applied()).isEqualTo(snapIndex);
        assertThat(net.progress(1, 3).state()).isEqualTo(ProgressState.REPLICATE);
        net.node(1).propose(bs("after"));
        net.settle();
        assertThat(net.appliedData(3)).containsExactly("after");
    }

    @Test
    void aJoiningNodeWithoutConfigurationInstallsASnapshotThatPredatesItsAddition() {
        Network net = Network.withLeader(3, c -> c);
        net.node(1).propose(bs("before"));
        net.settle();
        long applied = net.status(1).applied();
        MemoryStorage st = net.storage(1);
        st.createSnapshot(applied, new ConfState(List.of(1L, 2L, 3L), List.of()), bs("s"));
        st.compact(applied);
        net.start(4);
        net.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4, bs("")));
        net.settle();
        net.tick(1, 1);
        assertThat(net.sent(MessageType.SNAP, 1, 4)).hasSize(1);
        net.node(1).propose(bs("after"));
        net.settle();
        assertThat(net.storage(4).snapshot().metadata().index()).isEqualTo(applied);
        assertThat(net.appliedData(4)).containsExactly("after");
        assertThat(net.progress(1, 4).state()).isEqualTo(ProgressState.REPLICATE);
    }

    @Test
    void aMemberRejectsASnapshotWhoseConfigurationLacksIt() {
        Network net = Network.withLeader(3, c -> c);
        long term = net.status(2).hs().term();
        Snapshot foreign =
                new Snapshot(new SnapshotMetadata(100, term, new ConfState(List.of(1L, 3L), List.of())), bs("x"));
        net.node(2)
                .step(Message.builder(MessageType.SNAP)
                        .from(1)
                        .to(2)
                        .term(term)
                        .snapshot(foreign)
                        .build());
        Ready rd = net.node(2).ready();
        assertThat(rd.snapshot().isEmpty()).isTrue();
        assertThat(rd.messages())
                .singleElement()
                .satisfies(
                        m -> assertThat(m.index()).isEqualTo(net.status(2).hs().commit()));
        net.node(2).advance(rd);
    }

    @Test
    void readyCarriesTheSnapshotWithoutCommittedEntries() {
        Network net = Network.withLeader(3, c -> c);
        long snapIndex = compactWhile3Away(net);
        net.tick(1, 1);
        // replay the SNAP by hand into a fresh follower to look at its Ready
        Message snap = net.sent(MessageType.SNAP, 1, 3).get(0);
        Network solo = Network.empty(c -> c);
        RawNode fresh = solo.start(3);
        fresh.step(snap);
        Ready rd = fresh.ready();
        assertThat(rd.snapshot().metadata().index()).isEqualTo(snapIndex);
        assertThat(rd.committedEntries()).isEmpty();
        assertThat(rd.hardState().commit()).isEqualTo(snapIndex);
        assertThat(rd.mustSync()).isTrue();
        assertThat(rd.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.APP_RESP);
            assertThat(m.index()).isEqualTo(snapIndex);
        });
    }

    @Test
    void failedSnapshotReportGoesBackToProbeAndRetries() {
        Network net = Network.withLeader(3, c -> c);
        compactWhile3Away(net);
        net.dropIf(m -> m.type() == MessageType.SNAP);
        net.tick(1, 1);
        assertThat(net.progress(1, 3).state()).isEqualTo(ProgressState.SNAPSHOT);
        net.node(1).reportSnapshot(3, false);
        Progress pr = net.progress(1, 3);
        assertThat(pr.state()).isEqualTo(ProgressState.PROBE);
        assertThat(pr.paused()).isTrue();
        net.recover();
        net.tick(1, 1); // heartbeat response unpauses; the probe needs the snapshot again
        assertThat(net.sent(MessageType.SNAP, 1, 3)).hasSize(2);
        assertThat(net.progress(1, 3).state()).isEqualTo(ProgressState.REPLICATE);
    }

    @Test
    void successfulSnapshotReportProbesFromAfterTheSnapshot() {
        Network net = Network.withLeader(3, c -> c);
        long snapIndex = compactWhile3Away(net);
        net.dropIf(m -> m.type() == MessageType.SNAP);
        net.tick(1, 1);
        assertThat(net.progress(1, 3).pendingSnapshot()).isEqualTo(snapIndex);
        net.node(1).reportSnapshot(3, true);
        Progress pr = net.progress(1, 3);
        assertThat(pr.state()).isEqualTo(ProgressState.PROBE);
        assertThat(pr.next()).isEqualTo(snapIndex + 1);
    }

    @Test
    void snapshotTemporarilyUnavailableIsRetriedLater() {
        Network net = Network.withLeader(3, c -> c);
        compactWhile3Away(net);
        boolean[] unavailable = {true};
        MemoryStorage real = net.storage(1);
        // wrap leader storage: a restarted leader reads through the wrapper
        RaftStorage flaky = new RaftStorage() {
            @Override
            public InitialState initialState() {
                return real.initialState();
            }

            @Override
            public List<Entry> entries(long lo, long hi, long maxSize) {
                return real.entries(lo, hi, maxSize);
            }

            @Override
            public long term(long index) {
                return real.term(index);
            }

            @Override
            public long lastIndex() {
                return real.lastIndex();
            }

            @Override
            public long firstIndex() {
                return real.firstIndex();
            }

            @Override
            public Snapshot snapshot() {
                if (unavailable[0]) {
                    throw new SnapshotTemporarilyUnavailableException();
                }
                return real.snapshot();
            }
        };
        RawNode leader = RawNode.create(
                Network.config(1, flaky).withApplied(net.status(1).applied()));
        net.nodes.put(1L, leader);
        leader.campaign();
        net.settle();
        assertThat(leader.status().ss().raftState()).isEqualTo(StateType.LEADER);
        assertThat(net.sent(MessageType.SNAP, 1, 3)).isEmpty();
        unavailable[0] = false;
        net.tick(1, 1);
        assertThat(net.sent(MessageType.SNAP, 1, 3)).hasSize(1);
    }
}
