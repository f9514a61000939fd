package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Flow control: the inflight window, message size batching, the uncommitted-size limit. */
class FlowControlTest {

    private static long appsWithEntries(Network net, long to) {
        return net.sent(MessageType.APP, 1, to).stream()
                .filter(m -> !m.entries().isEmpty())
                .count();
    }

    @Test
    void replicateStateSendsAtMostMaxInflightUnacknowledgedAppends() {
        Network net = Network.withLeader(3, Network.sizes(0, 0, 0, 3));
        assertThat(net.progress(1, 2).state()).isEqualTo(ProgressState.REPLICATE);
        net.cut(2, 1); // node 2's acknowledgements are lost
        long before = appsWithEntries(net, 2);
        for (int i = 0; i < 10; i++) {
            net.node(1).propose(bs("p" + i));
            net.settle();
        }
        assertThat(appsWithEntries(net, 2) - before).isEqualTo(3);
        Progress pr = net.progress(1, 2);
        assertThat(pr.paused()).isTrue();
        assertThat(pr.inflight()).isEqualTo(3);
        // node 3 acknowledges, so everything commits meanwhile
        assertThat(net.appliedData(1)).hasSize(10);
        net.recover();
        net.tick(1, 1); // a heartbeat response frees a slot; acks then open the window
        net.settle();
        assertThat(net.appliedData(2)).hasSize(10);
        assertThat(net.progress(1, 2).inflight()).isZero();
    }

    @Test
    void pipeliningSendsSeveralAppendsBeforeAnyAcknowledgement() {
        Network net = Network.withLeader(3, Network.sizes(0, 0, 0, 256));
        net.cut(2, 1);
        net.cut(3, 1);
        for (int i = 0; i < 4; i++) {
            net.node(1).propose(bs("p" + i));
        }
        net.settle();
        Progress pr = net.progress(1, 2);
        assertThat(pr.inflight()).isEqualTo(4);
        assertThat(pr.next()).isEqualTo(pr.match() + 5);
    }

    @Test
    void appendsAreBatchedUpToMaxSizePerMsg() {
        long two = 2 * (bs("p0").size() + Entries.ENTRY_OVERHEAD);
        Network net = Network.withLeader(3, Network.sizes(two, 0, 0, 256));
        net.isolate(2);
        for (int i = 0; i < 7; i++) {
            net.node(1).propose(bs("p" + i));
        }
        net.settle();
        net.recover();
        int before = net.sent(MessageType.APP, 1, 2).size();
        net.tick(1, 1);
        var apps = net.sent(MessageType.APP, 1, 2);
        assertThat(apps.subList(before, apps.size()))
                .filteredOn(m -> !m.entries().isEmpty())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.entries()).hasSizeLessThanOrEqualTo(2));
        assertThat(net.appliedData(2)).hasSize(7);
    }

    @Test
    void proposalsBeyondMaxUncommittedEntriesSizeAreDroppedUntilCommitted() {
        Network net = Network.withLeader(3, Network.sizes(Long.MAX_VALUE, 0, 10, 256));
        net.isolate(2);
        net.isolate(3);
        net.node(1).propose(bs("123456"));
        assertThatThrownBy(() -> net.node(1).propose(bs("12345")))
                .isInstanceOf(ProposalDroppedException.class)
                .hasMessage("raft proposal dropped");
        net.node(1).propose(bs("1234")); // 6 + 4 fits
        net.settle();
        net.recover();
        net.tick(1, 1);
        assertThat(net.appliedData(1)).containsExactly("123456", "1234");
        net.node(1).propose(bs("12345")); // committed and applied: room again
        net.settle();
        assertThat(net.appliedData(1)).containsExactly("123456", "1234", "12345");
    }

    @Test
    void committedEntriesPerReadyAreBoundedButAtLeastOne() {
        long perEntry = bs("p0").size() + Entries.ENTRY_OVERHEAD;
        Network net = Network.empty(Network.sizes(Long.MAX_VALUE, 2 * perEntry, 0, 256));
        net.start(1).bootstrap(java.util.List.of(new Peer(1, bs(""))));
        net.settle();
        net.node(1).campaign();
        net.settle();
        RawNode n = net.node(1);
        for (int i = 0; i < 5; i++) {
            n.propose(bs("p" + i));
        }
        int readies = 0;
        int appliedCount = 0;
        while (n.hasReady()) {
            Ready rd = n.ready();
            assertThat(rd.committedEntries()).hasSizeLessThanOrEqualTo(2);
            net.storage(1).append(rd.entries());
            appliedCount += rd.committedEntries().size();
            n.advance(rd);
            readies++;
        }
        assertThat(appliedCount).isEqualTo(5);
        assertThat(readies).isGreaterThanOrEqualTo(3);
    }

    @Test
    void unreachableFollowerInReplicateStateIsProbedAgain() {
        Network net = Network.withLeader(3, c -> c);
        assertThat(net.progress(1, 2).state()).isEqualTo(ProgressState.REPLICATE);
        net.node(1).reportUnreachable(2);
        assertThat(net.progress(1, 2).state()).isEqualTo(ProgressState.PROBE);
        net.node(1).propose(bs("x"));
        net.settle();
        assertThat(net.progress(1, 2).state()).isEqualTo(ProgressState.REPLICATE);
        assertThat(net.appliedData(2)).containsExactly("x");
    }
}
