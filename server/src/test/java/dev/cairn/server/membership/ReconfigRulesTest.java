package dev.cairn.server.membership;

import static dev.cairn.server.membership.Fixtures.NOW;
import static dev.cairn.server.membership.Fixtures.follower;
import static dev.cairn.server.membership.Fixtures.leaderOf;
import static dev.cairn.server.membership.Fixtures.learner;
import static dev.cairn.server.membership.Fixtures.set;
import static dev.cairn.server.membership.Fixtures.started;
import static dev.cairn.server.membership.Fixtures.unstarted;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfChangeType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of etcd's membership changes, before proposing and at apply time. */
class ReconfigRulesTest {
    static final MembershipSettings STRICT = MembershipSettings.DEFAULTS;
    static final MembershipSettings LAX = new MembershipSettings(false, 1, Duration.ofSeconds(7));

    static final MemberSet THREE = set(started(1), started(2), started(3));
    static final MemberSet ONE_OF_THREE_STARTED = set(started(1), unstarted(2), unstarted(3));
    static final MemberSet TWO_OF_THREE_STARTED = set(started(1), started(2), unstarted(3));
    static final MemberSet THREE_AND_LEARNER = set(started(1), started(2), started(3), learner(4));

    @ParameterizedTest(name = "{0}")
    @MethodSource("beforeProposing")
    void decidesBeforeProposing(
            String name, Supplier<Decision> decide, @Nullable Class<? extends MembershipException> refused) {
        Decision d = decide.get();
        if (refused == null) {
            assertThat(d).isInstanceOf(Decision.Propose.class);
        } else {
            assertThat(d)
                    .isInstanceOfSatisfying(
                            Decision.Reject.class, r -> assertThat(r.error()).isInstanceOf(refused));
        }
    }

    static Stream<Arguments> beforeProposing() {
        return Stream.of(
                c("add a voter to three started voters", () -> addVoter(THREE, leaderOf(THREE, 1)), null),
                c("add a learner", () -> add(THREE, leaderOf(THREE, 1), STRICT, true), null),
                c(
                        "add with a URL without scheme",
                        () -> ReconfigRules.add(
                                THREE, leaderOf(THREE, 1), STRICT, List.of("10.0.0.9:2380"), false, NOW),
                        MembershipException.BadUrls.class),
                c(
                        "add with a URL with a path",
                        () -> ReconfigRules.add(
                                THREE, leaderOf(THREE, 1), STRICT, List.of("http://10.0.0.9:2380/x"), false, NOW),
                        MembershipException.BadUrls.class),
                c(
                        "add a voter when 1 of 3 voters started (quorum of 4 is 3)",
                        () -> addVoter(ONE_OF_THREE_STARTED, leaderOf(ONE_OF_THREE_STARTED, 1)),
                        MembershipException.NotEnoughStarted.class),
                c(
                        "add a voter when 2 of 3 voters started (quorum of 4 is 3)",
                        () -> addVoter(TWO_OF_THREE_STARTED, leaderOf(TWO_OF_THREE_STARTED, 1)),
                        MembershipException.NotEnoughStarted.class),
                c(
                        "add a learner when 1 of 3 voters started",
                        () -> add(ONE_OF_THREE_STARTED, leaderOf(ONE_OF_THREE_STARTED, 1), STRICT, true),
                        null),
                c(
                        "add a second voter to one started member",
                        () -> addVoter(set(started(1)), leaderOf(set(started(1)), 1)),
                        null),
                c(
                        "add a second voter to one unstarted member",
                        () -> addVoter(set(unstarted(1)), leaderOf(set(unstarted(1)), 1)),
                        MembershipException.NotEnoughStarted.class),
                c(
                        "add a voter without the strict check",
                        () -> add(ONE_OF_THREE_STARTED, follower(1, 0), LAX, false),
                        null),
                c(
                        "add while a voter is not connected",
                        () -> addVoter(THREE, without(leaderOf(THREE, 1), 3)),
                        MembershipException.Unhealthy.class),
                c(
                        "add while a voter connected only 3 s ago",
                        () -> addVoter(THREE, connectedAt(leaderOf(THREE, 1), 3, NOW.minusSeconds(3))),
                        MembershipException.Unhealthy.class),
                c(
                        "remove a learner whatever is started",
                        () -> ReconfigRules.remove(set(unstarted(1), learner(4)), follower(1, 0), STRICT, 4, NOW),
                        null),
                c(
                        "remove the unstarted voter when 2 of 3 started",
                        () -> ReconfigRules.remove(
                                TWO_OF_THREE_STARTED, leaderOf(TWO_OF_THREE_STARTED, 1), STRICT, 3, NOW),
                        null),
                c(
                        "remove an unstarted voter when 1 of 3 started",
                        () -> ReconfigRules.remove(
                                ONE_OF_THREE_STARTED, leaderOf(ONE_OF_THREE_STARTED, 1), STRICT, 3, NOW),
                        MembershipException.NotEnoughStarted.class),
                c(
                        "remove the only other started voter",
                        () -> ReconfigRules.remove(
                                TWO_OF_THREE_STARTED, leaderOf(TWO_OF_THREE_STARTED, 1), STRICT, 1, NOW),
                        MembershipException.NotEnoughStarted.class),
                c(
                        "remove a member that is down",
                        () -> ReconfigRules.remove(THREE, without(leaderOf(THREE, 1), 3), STRICT, 3, NOW),
                        null),
                c(
                        "remove a connected voter while another is down",
                        () -> ReconfigRules.remove(THREE, without(leaderOf(THREE, 1), 3), STRICT, 2, NOW),
                        MembershipException.Unhealthy.class),
                c(
                        "remove self with every voter connected",
                        () -> ReconfigRules.remove(THREE, leaderOf(THREE, 1), STRICT, 1, NOW),
                        null),
                c(
                        "remove an unknown ID (refused at apply)",
                        () -> ReconfigRules.remove(THREE, leaderOf(THREE, 1), STRICT, 99, NOW),
                        null),
                c(
                        "remove without the strict check",
                        () -> ReconfigRules.remove(TWO_OF_THREE_STARTED, follower(1, 0), LAX, 1, NOW),
                        null),
                c("update (checked at apply)", () -> ReconfigRules.update(2, List.of("http://x:1")), null),
                c(
                        "promote on a follower",
                        () -> ReconfigRules.promote(THREE_AND_LEARNER, follower(2, 1), STRICT, 4),
                        MembershipException.NotLeader.class),
                c(
                        "promote an ID raft does not track",
                        () -> ReconfigRules.promote(THREE_AND_LEARNER, leaderOf(THREE_AND_LEARNER, 1), STRICT, 99),
                        MembershipException.MemberNotFound.class),
                c(
                        "promote a learner at 89% of the leader",
                        () -> ReconfigRules.promote(
                                THREE_AND_LEARNER, match(leaderOf(THREE_AND_LEARNER, 1), 4, 89), STRICT, 4),
                        MembershipException.LearnerNotReady.class),
                c(
                        "promote a learner at 90% of the leader",
                        () -> ReconfigRules.promote(
                                THREE_AND_LEARNER, match(leaderOf(THREE_AND_LEARNER, 1), 4, 90), STRICT, 4),
                        null),
                c(
                        "promote when 1 of 3 voters started (quorum of 4 is 3, the learner counts)",
                        () -> ReconfigRules.promote(
                                set(started(1), unstarted(2), unstarted(3), learner(4)),
                                leaderOf(set(started(1), unstarted(2), unstarted(3), learner(4)), 1),
                                STRICT,
                                4),
                        MembershipException.NotEnoughStarted.class),
                c(
                        "promote when 2 of 3 voters started",
                        () -> ReconfigRules.promote(
                                set(started(1), started(2), unstarted(3), learner(4)),
                                leaderOf(set(started(1), started(2), unstarted(3), learner(4)), 1),
                                STRICT,
                                4),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("atApply")
    void validatesAtApply(
            String name, MemberSet set, ConfChange cc, @Nullable Class<? extends MembershipException> refused) {
        MembershipException e = ReconfigRules.validate(set, cc, 1);
        if (refused == null) {
            assertThat(e).isNull();
        } else {
            assertThat(e).isInstanceOf(refused);
        }
    }

    static Stream<Arguments> atApply() {
        MemberSet removed2 = THREE.without(2);
        ClusterMember fresh = ClusterMember.unstarted(9, List.of("http://10.0.0.9:2380"), false);
        ClusterMember freshLearner = ClusterMember.unstarted(9, List.of("http://10.0.0.9:2380"), true);
        ClusterMember clash = ClusterMember.unstarted(9, List.of(Fixtures.peer(2)), false);
        return Stream.of(
                a("add a new member", THREE, MemberChanges.add(fresh), null),
                a(
                        "add a removed ID",
                        removed2,
                        MemberChanges.add(unstarted(2)),
                        MembershipException.MemberNotFound.class),
                a("add an existing ID", THREE, MemberChanges.add(unstarted(2)), MembershipException.IdExists.class),
                a("add a used peer URL", THREE, MemberChanges.add(clash), MembershipException.PeerUrlExists.class),
                a("add a first learner", THREE, MemberChanges.add(freshLearner), null),
                a(
                        "add a second learner",
                        THREE_AND_LEARNER,
                        MemberChanges.add(freshLearner),
                        MembershipException.TooManyLearners.class),
                a("promote a learner", THREE_AND_LEARNER, MemberChanges.promote(4), null),
                a("promote a voter", THREE, MemberChanges.promote(2), MembershipException.NotLearner.class),
                a("promote an unknown ID", THREE, MemberChanges.promote(9), MembershipException.MemberNotFound.class),
                a("promote a removed ID", removed2, MemberChanges.promote(2), MembershipException.MemberNotFound.class),
                a("remove a member", THREE, MemberChanges.remove(2), null),
                a("remove an unknown ID", THREE, MemberChanges.remove(9), MembershipException.MemberNotFound.class),
                a("remove a removed ID", removed2, MemberChanges.remove(2), MembershipException.MemberNotFound.class),
                a("update to new URLs", THREE, MemberChanges.update(2, List.of("http://new:2380")), null),
                a("update keeping its own URL", THREE, MemberChanges.update(2, List.of(Fixtures.peer(2))), null),
                a(
                        "update to another member's URL",
                        THREE,
                        MemberChanges.update(2, List.of(Fixtures.peer(3))),
                        MembershipException.PeerUrlExists.class),
                a(
                        "update an unknown ID",
                        THREE,
                        MemberChanges.update(9, List.of("http://new:2380")),
                        MembershipException.MemberNotFound.class));
    }

    @Test
    void newMemberIdsAreEtcds() {
        // etcd's TestMemberTime: NewMember with an empty cluster name at 1984-12-23T15:04:05Z
        Instant t = Instant.parse("1984-12-23T15:04:05Z");
        assertThat(ReconfigRules.newMemberId(List.of("http://10.0.0.8:2379"), t))
                .isEqualTo(2448790162483548276L);
        assertThat(ReconfigRules.newMemberId(List.of("http://10.0.0.1:2379"), t))
                .isEqualTo(1466075294948436910L);
    }

    @Test
    void anAddNamesAnUnstartedMemberWithSortedNormalisedUrls() {
        Decision d = ReconfigRules.add(
                THREE, leaderOf(THREE, 1), STRICT, List.of(" HTTP://10.0.0.9:2380", "http://10.0.0.8:2380"), true, NOW);
        Decision.Propose p = (Decision.Propose) d;
        ClusterMember m = Objects.requireNonNull(p.member());
        assertThat(m.peerUrls()).containsExactly("http://10.0.0.8:2380", "http://10.0.0.9:2380");
        assertThat(m.started()).isFalse();
        assertThat(m.learner()).isTrue();
        assertThat(m.id()).isEqualTo(ReconfigRules.newMemberId(m.peerUrls(), NOW));
        assertThat(p.change().type()).isEqualTo(ConfChangeType.ADD_LEARNER_NODE);
        assertThat(p.change().nodeId()).isEqualTo(m.id());
        assertThat(p.change().context()).isEqualTo(m.toRecord().toByteString());
    }

    @Test
    void promoteAndRemoveCarryNoRecord() {
        assertThat(MemberChanges.promote(4)).isEqualTo(new ConfChange(ConfChangeType.ADD_NODE, 4, ByteString.EMPTY));
        assertThat(MemberChanges.isPromote(MemberChanges.promote(4))).isTrue();
        assertThat(MemberChanges.isPromote(MemberChanges.add(unstarted(4)))).isFalse();
        assertThat(MemberChanges.remove(4).context()).isEqualTo(ByteString.EMPTY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moves")
    void moveLeaderOnlyFromTheLeaderToAVoter(
            String name, RaftStatus status, long target, @Nullable Class<? extends MembershipException> refused) {
        MembershipException e = ReconfigRules.moveLeader(THREE_AND_LEARNER, status, target);
        if (refused == null) {
            assertThat(e).isNull();
        } else {
            assertThat(e).isInstanceOf(refused);
        }
    }

    static Stream<Arguments> moves() {
        RaftStatus leader = leaderOf(THREE_AND_LEARNER, 1);
        return Stream.of(
                Arguments.of("to a voter", leader, 2L, null),
                Arguments.of("from a follower", follower(2, 1), 3L, MembershipException.NotLeader.class),
                Arguments.of("with no leader", follower(2, 0), 3L, MembershipException.NotLeader.class),
                Arguments.of("to a learner", leader, 4L, MembershipException.BadLeaderTransferee.class),
                Arguments.of("to an unknown ID", leader, 9L, MembershipException.BadLeaderTransferee.class));
    }

    private static Decision addVoter(MemberSet set, RaftStatus status) {
        return add(set, status, STRICT, false);
    }

    private static Decision add(MemberSet set, RaftStatus status, MembershipSettings s, boolean learner) {
        return ReconfigRules.add(set, status, s, List.of("http://10.0.0.9:2380"), learner, NOW);
    }

    private static RaftStatus without(RaftStatus s, long peer) {
        Map<Long, Instant> active = new HashMap<>(s.activeSince());
        active.remove(peer);
        return withActive(s, active);
    }

    private static RaftStatus connectedAt(RaftStatus s, long peer, Instant at) {
        Map<Long, Instant> active = new HashMap<>(s.activeSince());
        active.put(peer, at);
        return withActive(s, active);
    }

    private static RaftStatus withActive(RaftStatus s, Map<Long, Instant> active) {
        return new RaftStatus(
                s.memberId(),
                s.leader(),
                s.term(),
                s.commitIndex(),
                s.appliedIndex(),
                s.learner(),
                s.matchIndex(),
                active);
    }

    private static RaftStatus match(RaftStatus s, long id, long match) {
        Map<Long, Long> m = new HashMap<>(s.matchIndex());
        m.put(id, match);
        return new RaftStatus(
                s.memberId(), s.leader(), s.term(), s.commitIndex(), s.appliedIndex(), s.learner(), m, s.activeSince());
    }

    private static Arguments c(
            String name, Supplier<Decision> decide, @Nullable Class<? extends MembershipException> refused) {
        return Arguments.of(name, decide, refused);
    }

    private static Arguments a(
            String name, MemberSet set, ConfChange cc, @Nullable Class<? extends MembershipException> refused) {
        return Arguments.of(name, set, cc, refused);
    }
}
