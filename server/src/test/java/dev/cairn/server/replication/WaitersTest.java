package dev.cairn.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.proto.etcdserverpb.PutResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WaitersTest {
    final ManualTimeouts timeouts = new ManualTimeouts();
    final Waiters waiters = new Waiters(timeouts, Duration.ofSeconds(7));

    @Test
    void theApplySideCompletesTheWaiterOfItsId() {
        CompletableFuture<Applied> f = waiters.register(5);
        Applied applied = Applied.of(3, PutResponse.getDefaultInstance());
        waiters.complete(5, applied);
        assertThat(f).isCompletedWithValue(applied);
        assertThat(waiters.size()).isZero();
        assertThat(timeouts.pending()).as("the timer is cancelled").isZero();
    }

    @Test
    void aDomainFailureFailsTheWaiter() {
        CompletableFuture<Applied> f = waiters.register(5);
        waiters.fail(5, new IllegalStateException("rule"));
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void idsThisMemberDidNotProposeAreIgnored() {
        CompletableFuture<Applied> f = waiters.register(5);
        waiters.complete(6, Applied.of(1, PutResponse.getDefaultInstance()));
        waiters.fail(7, new IllegalStateException());
        assertThat(f).isNotDone();
        assertThat(waiters.isWaiting(5)).isTrue();
    }

    @Test
    void aProposalNotAppliedInTimeFailsWithEtcdsTimeoutAndALateApplyIsIgnored() {
        CompletableFuture<Applied> f = waiters.register(5);
        assertThat(timeouts.fireAll()).isEqualTo(1);
        assertThatThrownBy(f::join).hasCauseInstanceOf(ReplicationException.RequestTimedOut.class);
        assertThat(waiters.isWaiting(5)).isFalse();
        waiters.complete(5, Applied.of(1, PutResponse.getDefaultInstance()));
        assertThatThrownBy(f::join).hasCauseInstanceOf(ReplicationException.RequestTimedOut.class);
    }

    @Test
    void anIdIsWaitedForOnce() {
        var unused = waiters.register(5);
        assertThatThrownBy(() -> waiters.register(5)).isInstanceOf(IllegalStateException.class);
        assertThat(timeouts.pending()).isEqualTo(1);
    }

    @Test
    void etcdsRequestTimeoutIsFiveSecondsPlusTwoElectionTimeouts() {
        assertThat(Waiters.requestTimeout(Duration.ofMillis(1000))).isEqualTo(Duration.ofSeconds(7));
        assertThat(Waiters.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(7));
        assertThat(Waiters.requestTimeout(Duration.ofMillis(2500))).isEqualTo(Duration.ofSeconds(10));
    }
}
