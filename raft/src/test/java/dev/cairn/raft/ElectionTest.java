package dev.cairn.raft;

import static dev.cairn.raft.Network.bs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Leader election (Raft paper section 5.2) and election safety. */
class ElectionTest {

    @Test
    void singleVoterBecomesLeaderAtOnceAndCommitsItsEmptyEntry() {
        Network net = Network.bootstrap(1);
        net.node(1).campaign();
        net.settle();
        Status st = net.status(1);
        assertThat(st.ss()).isEqualTo(new SoftState(1, StateType.LEADER));
        assertThat(st.hs().term()).isEqualTo(2);
        assertThat(st.hs().commit()).isEqualTo(2);
        assertThat(st.applied()).isEqualTo(2);
    }

    @Test
    void candidateWithMajorityWinsAndOthersFollow() {
        Network net = Network.withLeader(3, c -> c);
        assertThat(net.state(1)).isEqualTo(StateType.LEADER);
        for (long id = 2; id <= 3; id++) {
            assertThat(net.status(id).ss()).isEqualTo(new SoftState(1, StateType.FOLLOWER));
            assertThat(net.status(id).hs()).isEqualTo(new HardState(2, 1, 4));
        }
    }

    @Test
    void followerCampaignsAfterARandomizedTimeoutInElectionTickToTwiceElectionTick() {
        for (long seed = 0; seed < 20; seed++) {
            long s = seed;
            Network net = Network.bootstrap(
                    3,
                    c -> new Config(
                            c.id(),
                            10,
                            1,
                            c.storage(),
                            c.applied(),
                            c.maxSizePerMsg(),
                            0,
                            0,
                            256,
                            false,
                            false,
                            ReadOnlyOption.SAFE,
                            false,
                            new SplittableRandom(s)));
            net.isolate(2);
            net.isolate(3);
            int ticks = 0;
            while (net.state(1) == StateType.FOLLOWER) {
                net.tick(1, 1);
                ticks++;
            }
            assertThat(ticks).isBetween(10, 19);
            assertThat(net.state(1)).isEqualTo(StateType.CANDIDATE);
        }
    }

    @Test
    void eachNodeVotesAtMostOncePerTerm() {
        Network net = Network.bootstrap(3);
        net.isolate(1);
        net.node(1).campaign(); // votes for itself in term 2; its requests are dropped
        net.settle();
        net.recover();
        Message voteFrom2 = Message.builder(MessageType.VOTE)
                .from(2)
                .to(1)
                .term(2)
                .index(3)
                .logTerm(1)
                .build();
        net.node(1).step(voteFrom2);
        Ready rd = net.node(1).ready();
        assertThat(rd.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.VOTE_RESP);
            assertThat(m.reject()).isTrue();
        });
        net.node(1).advance(rd);
    }

    @Test
    void voteIsDeniedToACandidateWithAStaleLog() {
        // 5.4.1: the voter's log is more up to date (a later last term) than the candidate's.
        Network net = Network.withLeader(3, c -> c);
        net.isolate(3);
        net.node(1).propose(bs("a"));
        net.settle();
        net.recover();
        // node 3 misses "a" (term 2, index 4) and campaigns in term 3 with last entry (1, 3)
        net.isolate(1);
        net.node(3).campaign();
        net.settle();
        assertThat(net.state(3)).isNotEqualTo(StateType.LEADER);
        assertThat(net.status(2).hs().vote()).isNotEqualTo(3);
    }

    @Test
    void candidateStepsDownOnAppendFromLeaderOfSameTerm() {
        Network net = Network.withLeader(3, c -> c);
        // node 3 becomes candidate of term 3 in isolation; node 1 then wins term 3 before it
        net.isolate(3);
        net.node(3).campaign();
        net.settle();
        assertThat(net.state(3)).isEqualTo(StateType.CANDIDATE);
        net.recover();
        net.isolate(3);
        net.node(2).campaign();
        net.settle();
        net.recover();
        assertThat(net.status(2).hs().term()).isEqualTo(3);
        net.tick(2, 1); // a heartbeat of term 3 reaches the candidate of term 3
        net.node(2).propose(bs("x"));
        net.settle();
        assertThat(net.appliedData(3)).containsExactly("x");
        assertThat(net.status(3).ss()).isEqualTo(new SoftState(2, StateType.FOLLOWER));
    }

    /** Election safety (5.2): at most one leader per term, over many seeded runs with faults. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void electionSafetyUnderRandomPartitions(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Network net = Network.bootstrap(
                5,
                c -> new Config(
                        c.id(),
                        10,
                        1,
                        c.storage(),
                        c.applied(),
                        c.maxSizePerMsg(),
                        0,
                        0,
                        256,
                        seed % 2 == 0,
                        seed % 3 == 0,
                        ReadOnlyOption.SAFE,
                        false,
                        new SplittableRandom(seed * 31 + c.id())));
        java.util.Map<Long, Long> leaderOfTerm = new java.util.HashMap<>();
        for (int step = 0; step < 400; step++) {
            if (step % 40 == 0) {
                net.recover();
                long victim = 1 + rnd.nextInt(5);
                if (rnd.nextBoolean()) {
                    net.isolate(victim);
                }
            }
            long id = 1 + rnd.nextInt(5);
            net.node(id).tick();
            if (rnd.nextInt(10) == 0) {
                for (long l : net.leaders()) {
                    try {
                        net.node(l).propose(bs("v" + step));
                    } catch (ProposalDroppedException e) {
                        // a leader may be transferring or removed; fine
                    }
                }
            }
            net.settle();
            for (long l : net.leaders()) {
                long term = net.status(l).hs().term();
                Long prev = leaderOfTerm.putIfAbsent(term, l);
                assertThat(prev == null || prev == l)
                        .as("two leaders in term %d: %s and %d", term, prev, l)
                        .isTrue();
            }
        }
        assertThat(leaderOfTerm).isNotEmpty();
        // State machine safety: every node applied a prefix of the same sequence.
        List<String> longest = List.of();
        for (long id = 1; id <= 5; id++) {
            List<String> a = net.appliedData(id);
            if (a.size() > longest.size()) {
                longest = a;
            }
        }
        for (long id = 1; id <= 5; id++) {
            List<String> a = net.appliedData(id);
            assertThat(longest.subList(0, a.size())).isEqualTo(a);
        }
    }
}
