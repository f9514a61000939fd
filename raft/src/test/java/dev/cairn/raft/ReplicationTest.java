package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log replication (Raft paper 5.3), the commitment rule (5.4.2) and leader completeness (5.4). */
class ReplicationTest {

    @Test
    void proposalsOnTheLeaderAreCommittedAndAppliedEverywhereInOrder() {
        Network net = Network.withLeader(3, c -> c);
        for (int i = 0; i < 5; i++) {
            net.node(1).propose(bs("p" + i));
        }
        net.settle();
        for (long id = 1; id <= 3; id++) {
            assertThat(net.appliedData(id)).containsExactly("p0", "p1", "p2", "p3", "p4");
            assertThat(net.status(id).hs().commit()).isEqualTo(9);
        }
    }

    @Test
    void followerForwardsProposalsToTheLeader() {
        Network net = Network.withLeader(3, c -> c);
        net.node(3).propose(bs("via3"));
        net.settle();
        assertThat(net.appliedData(1)).containsExactly("via3");
        assertThat(net.sent(MessageType.PROP, 3, 1)).hasSize(1);
    }

    @Test
    void logMatchingUncommittedEntriesOfADeposedLeaderAreOverwritten() {
        Network net = Network.withLeader(3, c -> c);
        net.isolate(1);
        net.node(1).propose(bs("lost1"));
        net.node(1).propose(bs("lost2"));
        net.settle();
        net.node(2).campaign();
        net.settle();
        assertThat(net.state(2)).isEqualTo(StateType.LEADER);
        net.node(2).propose(bs("won"));
        net.settle();
        net.recover();
        net.tick(2, 1); // heartbeat: node 1 learns term 3, then gets the log
        net.settle();
        for (long id = 1; id <= 3; id++) {
            assertThat(net.appliedData(id)).containsExactly("won");
            assertThat(net.log(id)).isEqualTo(net.log(2));
        }
    }

    @Test
    void leaderCommitsAnOldTermEntryOnlyThroughAnEntryOfItsOwnTerm() {
        // Node 1 holds (index 2, term 2) that no one else has; it wins term 3 and replicates with
        // one entry per message. While entry 2 is on a majority but the term-3 entry is not,
        // the commit index must not move (Figure 8).
        ConfState cs = new ConfState(List.of(1L, 2L, 3L), List.of());
        Network net = Network.empty(Network.sizes(0, 0, 0, 256));
        net.start(1, Logs.storage(cs, 2), 1);
        net.start(2, Logs.storage(cs), 1);
        net.start(3, Logs.storage(cs), 1);
        boolean[] probeTo2Passed = {false};
        net.dropIf(m -> {
            boolean carriesTerm3 =
                    m.type() == MessageType.APP && m.entries().stream().anyMatch(e -> e.term() == 3);
            if (carriesTerm3 && m.to() == 2 && !probeTo2Passed[0]) {
                probeTo2Passed[0] = true; // the first probe gets through and is rejected
                return false;
            }
            return carriesTerm3;
        });
        net.node(1).campaign();
        net.settle();
        assertThat(net.state(1)).isEqualTo(StateType.LEADER);
        assertThat(net.log(2)).extracting(Entry::index).containsExactly(2L);
        assertThat(net.status(1).hs().commit()).isEqualTo(1);
        net.recover();
        net.tick(1, 1);
        assertThat(net.status(1).hs().commit()).isEqualTo(3);
        assertThat(net.status(2).hs().commit()).isEqualTo(3);
    }

    @Test
    void leaderCompletenessAnElectedLeaderHoldsEveryCommittedEntry() {
        Network net = Network.withLeader(5, c -> c);
        net.isolate(4);
        net.isolate(5);
        net.node(1).propose(bs("c1"));
        net.settle();
        long committed = net.status(1).hs().commit();
        net.recover();
        // 4 and 5 lack c1; whoever wins must have it
        net.isolate(1);
        net.node(4).campaign();
        net.settle();
        assertThat(net.state(4)).isNotEqualTo(StateType.LEADER);
        net.node(2).campaign();
        net.settle();
        assertThat(net.state(2)).isEqualTo(StateType.LEADER);
        assertThat(net.log(2)).anySatisfy(e -> assertThat(e.data()).isEqualTo(bs("c1")));
        assertThat(net.status(2).hs().commit()).isGreaterThan(committed);
    }

    @Test
    void rejectHintsBacktrackOverADivergentTermInFewRoundTrips() {
        // Node 3 holds 50 entries of term 2 that nobody else has; node 1 (entry of term 3 at
        // index 2) wins term 4 and must replace them.
        ConfState cs = new ConfState(List.of(1L, 2L, 3L), List.of());
        Network div = Network.empty(c -> c);
        List<Long> terms = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            terms.add(2L);
        }
        div.start(1, Logs.storage(cs, 3), 1);
        div.start(2, Logs.storage(cs, 3), 1);
        div.start(3, Logs.storage(cs, terms.stream().mapToLong(Long::longValue).toArray()), 1);
        div.node(1).campaign();
        div.settle();
        assertThat(div.state(1)).isEqualTo(StateType.LEADER);
        assertThat(div.log(3)).isEqualTo(div.log(1));
        long rejects = div.sent(MessageType.APP_RESP, 3, 1).stream()
                .filter(Message::reject)
                .count();
        assertThat(rejects).isBetween(1L, 2L);
    }

    @Test
    void aConfChangeProposedWhileAnotherIsUnappliedBecomesAnEmptyEntry() {
        Network net = Network.withLeader(3, c -> c);
        net.isolate(2);
        net.isolate(3);
        net.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4, bs("")));
        net.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 5, bs("")));
        net.settle();
        List<Entry> log = net.log(1);
        assertThat(log.get(log.size() - 2).type()).isEqualTo(EntryType.CONF_CHANGE);
        assertThat(log.get(log.size() - 1)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(EntryType.NORMAL);
            assertThat(e.data().isEmpty()).isTrue();
        });
    }
}
