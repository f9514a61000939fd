package dev.cairn.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.mvcc.LeaseRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remaining TTLs survive a restart: a checkpointed lease resumes from its checkpoint (plus one
 * election timeout, etcd's start-up extension), an unchecked one from its full TTL.
 */
class LeaseCheckpointTest {
    /** One election timeout (1 s by default), added to every lease at start-up. */
    static final long EXTENSION = 1;

    @TempDir
    Path dir;

    LeaseWorld w;

    @BeforeEach
    void open() {
        w = new LeaseWorld(dir);
    }

    @AfterEach
    void close() {
        w.close();
    }

    private long remaining(long lease) {
        return w.lessor.timeToLive(lease, false).orElseThrow().remainingSeconds();
    }

    @Test
    void checkpointedRemainingTtlSurvivesARestart() {
        long lease = w.grant(3600);
        w.put("a", lease);
        w.advance(Duration.ofMinutes(10));
        new LeaseDriver(w.lessor).checkpointNow().join();
        assertThat(w.record(lease)).contains(new LeaseRecord(lease, 3600, 3000));

        w.restart();

        assertThat(remaining(lease)).isEqualTo(3000 + EXTENSION);
        assertThat(w.lessor.timeToLive(lease, false).orElseThrow().grantedTtl()).isEqualTo(3600);
        w.advance(Duration.ofSeconds(3000 + EXTENSION));
        new LeaseDriver(w.lessor).tick().join();
        assertThat(w.lessor.exists(lease)).isFalse();
        assertThat(w.keys("a", "b", 0)).isEmpty();
    }

    @Test
    void withoutCheckpointALeaseRestartsWithItsFullTtl() {
        long lease = w.grant(3600);
        w.advance(Duration.ofMinutes(10));

        w.restart();

        assertThat(remaining(lease)).isEqualTo(3600 + EXTENSION);
    }

    @Test
    void remainingTtlIsRoundedUpSoACheckpointNeverShortensALease() {
        long lease = w.grant(100);
        w.advance(Duration.ofMillis(10_500));
        new LeaseDriver(w.lessor).checkpointNow().join();
        assertThat(w.record(lease).orElseThrow().remainingTtl()).isEqualTo(90);
    }

    @Test
    void theDriverCheckpointsEveryInterval() {
        LeaseConfig config = new LeaseConfig(2, 1000, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ZERO);
        w.close();
        w = new LeaseWorld(dir, config);
        LeaseDriver driver = new LeaseDriver(w.lessor);
        long lease = w.grant(60);
        w.advance(Duration.ofSeconds(1));
        driver.tick().join();
        w.advance(Duration.ofSeconds(1));
        driver.tick().join();
        assertThat(w.record(lease).orElseThrow().remainingTtl()).isZero();
        w.advance(Duration.ofSeconds(1));
        driver.tick().join();
        assertThat(w.record(lease).orElseThrow().remainingTtl()).isEqualTo(57);
    }

    @Test
    void keepAliveClearsAStaleCheckpoint() {
        long lease = w.grant(3600);
        w.advance(Duration.ofMinutes(10));
        new LeaseDriver(w.lessor).checkpointNow().join();

        assertThat(w.lessor.renew(lease)).isEqualTo(3600);
        // the clear is an ordinary write: any later write is ordered after it
        w.put("barrier", 0);
        assertThat(w.record(lease).orElseThrow().remainingTtl()).isZero();

        w.restart();
        assertThat(remaining(lease)).isEqualTo(3600 + EXTENSION);
    }

    @Test
    void closingTheDriverCheckpointsEveryLease() {
        long lease = w.grant(120);
        w.advance(Duration.ofSeconds(30));
        LeaseDriver driver = new LeaseDriver(w.lessor);
        driver.start();
        driver.close();

        w.restart();

        assertThat(remaining(lease)).isEqualTo(90 + EXTENSION);
    }

    @Test
    void renewedOrRevokedLeasesAreNotCheckpointedFromAStalePlan() {
        long renewed = w.grant(600);
        long revoked = w.grant(600);
        w.advance(Duration.ofMinutes(5));
        var plan = w.lessor.planCheckpoints();
        assertThat(plan).hasSize(2);
        w.lessor.renew(renewed);
        w.lessor.revoke(revoked).join();

        assertThat(w.lessor.checkpoint(plan).join()).isZero();
        assertThat(w.record(renewed).orElseThrow().remainingTtl()).isZero();
        assertThat(w.record(revoked)).isEmpty();
    }

    @Test
    void aPileOfLeasesIsSpreadAtStartUpToThreeQuartersOfTheRevokeRate() {
        List<CompletableFuture<Granted>> grants = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            grants.add(w.lessor.grant(0, 10));
        }
        CompletableFuture.allOf(grants.toArray(CompletableFuture[]::new)).join();

        w.restart();

        // the n-th lease past 750 goes n / 750 s after the pile: never more than 750 in a second
        w.advance(Duration.ofSeconds(10 + EXTENSION));
        assertThat(w.lessor.takeExpired(10_000)).hasSize(750);
        w.advance(Duration.ofSeconds(1));
        assertThat(w.lessor.takeExpired(10_000)).isEmpty();
        w.advance(Duration.ofSeconds(1));
        assertThat(w.lessor.takeExpired(10_000)).hasSize(750);
        w.advance(Duration.ofSeconds(1));
        assertThat(w.lessor.takeExpired(10_000)).hasSize(500);
    }

    @Test
    void fewerLeasesThanTheRevokeRateAreNotSpread() {
        for (int i = 0; i < 999; i++) {
            w.lessor.grant(0, 10);
        }
        w.put("barrier", 0);

        w.restart();

        w.advance(Duration.ofSeconds(10 + EXTENSION));
        assertThat(w.lessor.takeExpired(10_000)).hasSize(999);
    }
}
