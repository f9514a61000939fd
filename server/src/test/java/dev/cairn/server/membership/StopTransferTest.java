package dev.cairn.server.membership;

import static dev.cairn.server.membership.Fixtures.LONG_AGO;
import static dev.cairn.server.membership.Fixtures.follower;
import static dev.cairn.server.membership.Fixtures.learner;
import static dev.cairn.server.membership.Fixtures.set;
import static dev.cairn.server.membership.Fixtures.started;
import static dev.cairn.server.membership.Fixtures.unstarted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which voter a stopping leader hands its leadership to, if any. */
class StopTransferTest {
    static final MemberSet ONE = set(started(1));
    static final MemberSet THREE = set(started(1), started(2), started(3));
    static final MemberSet ONE_AND_LEARNER = set(started(1), learner(4));
    static final MemberSet TWO_AND_LEARNER = set(started(1), started(2), learner(4));
    static final MemberSet FIVE = set(started(1), started(2), started(3), started(4), started(5));

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesTheTransferee(String name, MemberSet members, RaftStatus status, StopTransfer expected) {
        assertThat(StopTransfer.choose(members, status)).isEqualTo(expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("a follower skips", THREE, follower(2, 1), skip("local member is not leader")),
                c("a member without a leader skips", THREE, follower(2, 0), skip("local member is not leader")),
                c("a single member skips", ONE, leader(1, Map.of(1L, 9L), 1), skip("single voting member cluster")),
                c(
                        "a learner is never a transferee",
                        ONE_AND_LEARNER,
                        leader(1, Map.of(1L, 9L, 4L, 9L), 1, 4),
                        skip("single voting member cluster")),
                c(
                        "the voter, not the further learner",
                        TWO_AND_LEARNER,
                        leader(1, Map.of(1L, 9L, 2L, 5L, 4L, 9L), 1, 2, 4),
                        to(2, 5)),
                c("the highest match index", THREE, leader(1, Map.of(1L, 9L, 2L, 7L, 3L, 9L), 1, 2, 3), to(3, 9)),
                c("a tie goes to the lowest ID", THREE, leader(2, Map.of(1L, 9L, 2L, 9L, 3L, 9L), 1, 2, 3), to(1, 9)),
                c(
                        "the lowest ID compares unsigned",
                        set(started(1), started(-2L), started(3)),
                        leader(1, Map.of(1L, 9L, -2L, 9L, 3L, 9L), 1, -2L, 3),
                        to(3, 9)),
                c(
                        "a voter without a progress counts as match 0",
                        THREE,
                        leader(1, Map.of(1L, 9L, 3L, 1L), 1, 2, 3),
                        to(3, 1)),
                c(
                        "an unconnected voter is passed over even when it is further",
                        FIVE,
                        leader(1, Map.of(1L, 9L, 2L, 9L, 3L, 2L, 4L, 8L, 5L, 9L), 1, 3, 4),
                        to(4, 8)),
                c(
                        "an unstarted voter may take over when it is connected",
                        set(started(1), unstarted(2)),
                        leader(1, Map.of(1L, 9L, 2L, 9L), 1, 2),
                        to(2, 9)),
                c(
                        "no other voter connected skips",
                        THREE,
                        leader(1, Map.of(1L, 9L, 2L, 9L, 3L, 9L), 1),
                        skip("no other voting member is connected")));
    }

    /** Member {@code self} leads with {@code match}; {@code connected} are the peers in activeSince. */
    static RaftStatus leader(long self, Map<Long, Long> match, long... connected) {
        Map<Long, Instant> active = new HashMap<>();
        for (long id : connected) {
            if (id != self) {
                active.put(id, LONG_AGO);
            }
        }
        return new RaftStatus(self, self, 2, 9, 9, false, match, active);
    }

    static StopTransfer skip(String reason) {
        return new StopTransfer.Skip(reason);
    }

    static StopTransfer to(long id, long match) {
        return new StopTransfer.To(id, match);
    }

    static Arguments c(String name, MemberSet members, RaftStatus status, StopTransfer expected) {
        return Arguments.of(name, members, status, expected);
    }
}
