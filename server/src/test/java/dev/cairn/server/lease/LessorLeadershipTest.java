package dev.cairn.server.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the leader renews, expires and checkpoints; a member that becomes leader neither drops nor
 * renews leases: it resumes them from their checkpointed remaining TTL plus one election timeout.
 */
class LessorLeadershipTest {
    /** One election timeout (1 s by default), etcd's Promote extension. */
    static final long EXTENSION = 1;

    @TempDir
    Path dir;

    LeaseWorld w;
    LeaseDriver driver;

    @BeforeEach
    void open() {
        w = new LeaseWorld(dir);
        driver = new LeaseDriver(w.lessor);
    }

    @AfterEach
    void close() {
        w.close();
    }

    private long remaining(long lease) {
        return w.lessor.timeToLive(lease, false).orElseThrow().remainingSeconds();
    }

    @Test
    void aFollowerDoesNotServeKeepAlives() {
        long lease = w.grant(10);
        w.leading.set(false);
        assertThatThrownBy(() -> w.lessor.renew(lease)).isInstanceOf(LeaseException.NotPrimary.class);
    }

    @Test
    void aFollowerNeitherExpiresNorCheckpoints() {
        long lease = w.grant(10);
        w.put("a", lease);
        w.leading.set(false);
        w.lessor.demote();
        w.advance(Duration.ofMinutes(10));
        driver.tick().join();
        driver.checkpointNow().join();
        assertThat(w.lessor.exists(lease)).isTrue();
        assertThat(w.keys("a", "b", 0)).containsExactly("a");
        assertThat(w.record(lease).orElseThrow().remainingTtl()).isZero();
    }

    @Test
    void aNewLeaderResumesLeasesFromTheirCheckpointPlusOneElectionTimeout() {
        long checkpointed = w.grant(3600);
        long unchecked = w.grant(1200);
        w.advance(Duration.ofMinutes(10));
        driver.checkpointNow().join();
        w.lessor.renew(unchecked); // renewed after the checkpoint: cleared, full TTL on promotion
        w.put("barrier", 0); // the clear is applied in order with any later write
        w.leading.set(false);
        w.lessor.demote();
        w.advance(Duration.ofMinutes(20));

        w.leading.set(true);
        w.lessor.promote();

        assertThat(remaining(checkpointed)).isEqualTo(3000 + EXTENSION);
        assertThat(remaining(unchecked)).isEqualTo(1200 + EXTENSION);
        w.advance(Duration.ofSeconds(1200 + EXTENSION));
        driver.tick().join();
        assertThat(w.lessor.exists(unchecked)).isFalse();
        assertThat(w.lessor.exists(checkpointed)).isTrue();
    }

    @Test
    void expiryRevokesHandedOutBeforeLosingLeadershipAreHandedOutAgainAfterPromotion() {
        long lease = w.grant(10);
        w.advance(Duration.ofSeconds(10));
        assertThat(w.lessor.takeExpired(10)).containsExactly(lease);
        w.lessor.demote();
        w.lessor.promote();
        w.advance(Duration.ofSeconds(10 + EXTENSION));
        assertThat(w.lessor.takeExpired(10)).containsExactly(lease);
    }

    @Test
    void aKeepAliveAfterACheckpointWasProposedClearsItAfterwards() {
        long lease = w.grant(3600);
        w.advance(Duration.ofMinutes(10));
        var plan = w.lessor.planCheckpoints();
        assertThat(w.lessor.checkpoint(plan).join()).isEqualTo(1);
        assertThat(w.record(lease).orElseThrow().remainingTtl()).isEqualTo(3000);

        assertThat(w.lessor.renew(lease)).isEqualTo(3600);
        w.put("barrier", 0);
        assertThat(w.record(lease).orElseThrow().remainingTtl()).isZero();
    }
}
