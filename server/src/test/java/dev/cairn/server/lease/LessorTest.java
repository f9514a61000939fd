package dev.cairn.server.lease;

import static dev.cairn.server.lease.LeaseWorld.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.mvcc.LeaseRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Grant, revoke, renew and time-to-live against a real store, on a manual ticker. */
class LessorTest {
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

    @Test
    void grantWithoutIdPicksDistinctPositiveIdsAndPersistsThem() {
        Granted a = w.lessor.grant(0, 60).join();
        Granted b = w.lessor.grant(0, 60).join();
        assertThat(a.id()).isPositive().isNotEqualTo(b.id());
        assertThat(a.ttl()).isEqualTo(60);
        assertThat(w.record(a.id())).contains(new LeaseRecord(a.id(), 60, 0));
        assertThat(w.lessor.exists(a.id())).isTrue();
    }

    @Test
    void grantDoesNotMoveTheRevisionAndReportsTheCurrentOne() {
        w.put("a", 0);
        long before = w.revision();
        assertThat(w.lessor.grant(0, 60).join().revision()).isEqualTo(before);
        assertThat(w.revision()).isEqualTo(before);
    }

    @Test
    void grantWithExplicitIdUsesItOnceOnly() {
        assertThat(w.lessor.grant(77, 10).join().id()).isEqualTo(77);
        assertThatThrownBy(() -> w.lessor.grant(77, 20).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(LeaseException.AlreadyExists.class);
        assertThat(w.lessor.grantedTtl(77)).contains(10L);
    }

    @ParameterizedTest(name = "TTL {0} -> {1}")
    @CsvSource({"-5, 2", "0, 2", "1, 2", "2, 2", "3, 3", "9000000000, 9000000000"})
    void ttlBelowTheMinimumIsRaised(long asked, long granted) {
        Granted g = w.lessor.grant(0, asked).join();
        assertThat(g.ttl()).isEqualTo(granted);
        assertThat(w.record(g.id()).orElseThrow().ttl()).isEqualTo(granted);
    }

    @Test
    void minimumFollowsTheElectionTimeout() {
        assertThat(LeaseConfig.forTimings(Duration.ofMillis(100), Duration.ofMillis(1000))
                        .minTtlSeconds())
                .isEqualTo(2);
        assertThat(LeaseConfig.forTimings(Duration.ofMillis(100), Duration.ofMillis(3000))
                        .minTtlSeconds())
                .isEqualTo(5);
        assertThat(LeaseConfig.forTimings(Duration.ofMillis(100), Duration.ofMillis(500))
                        .minTtlSeconds())
                .isEqualTo(1);
    }

    @Test
    void tooLargeTtlFailsBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> w.lessor.grant(5, 9_000_000_001L).join())
                .hasCauseInstanceOf(LeaseException.TtlTooLarge.class);
        assertThat(w.lessor.exists(5)).isFalse();
        assertThat(w.records()).isEmpty();
    }

    @Test
    void revokeDeletesEveryAttachedKeyAtOneRevision() {
        long lease = w.grant(60);
        long other = w.grant(60);
        w.put("k/b", lease);
        w.put("k/a", lease);
        w.put("k/c", other);
        w.put("k/d", 0);
        long before = w.revision();

        long revision = w.lessor.revoke(lease).join();

        assertThat(revision).isEqualTo(before + 1).isEqualTo(w.revision());
        assertThat(w.keys("k/", "k0", before)).containsExactly("k/a", "k/b", "k/c", "k/d");
        assertThat(w.keys("k/", "k0", revision)).containsExactly("k/c", "k/d");
        assertThat(w.lessor.exists(lease)).isFalse();
        assertThat(w.record(lease)).isEmpty();
        assertThat(w.lessor.exists(other)).isTrue();
    }

    @Test
    void revokeWithoutKeysKeepsTheRevision() {
        long lease = w.grant(60);
        long before = w.revision();
        assertThat(w.lessor.revoke(lease).join()).isEqualTo(before);
        assertThat(w.revision()).isEqualTo(before);
    }

    @Test
    void revokeOfUnknownLeaseIsNotFound() {
        assertThatThrownBy(() -> w.lessor.revoke(12345).join()).hasCauseInstanceOf(LeaseException.NotFound.class);
        long lease = w.grant(60);
        w.lessor.revoke(lease).join();
        assertThatThrownBy(() -> w.lessor.revoke(lease).join()).hasCauseInstanceOf(LeaseException.NotFound.class);
    }

    @Test
    void renewRestartsTheFullTtl() {
        long lease = w.grant(10);
        w.advance(Duration.ofSeconds(8));
        assertThat(w.lessor.timeToLive(lease, false).orElseThrow().remainingSeconds())
                .isEqualTo(2);
        assertThat(w.lessor.renew(lease)).isEqualTo(10);
        assertThat(w.lessor.timeToLive(lease, false).orElseThrow().remainingSeconds())
                .isEqualTo(10);
    }

    @Test
    void renewOfUnknownOrExpiredLeaseAnswersZero() {
        assertThat(w.lessor.renew(999)).isZero();
        long lease = w.grant(10);
        w.advance(Duration.ofSeconds(10));
        assertThat(w.lessor.renew(lease)).isZero();
        assertThat(w.lessor.exists(lease)).as("expired, not yet revoked").isTrue();
    }

    @Test
    void timeToLiveTruncatesAndListsKeysOnRequest() {
        long lease = w.grant(10);
        w.put("b", lease);
        w.put("a", lease);
        w.advance(Duration.ofMillis(2500));

        TimeToLive t = w.lessor.timeToLive(lease, true).orElseThrow();
        assertThat(t.remainingSeconds()).isEqualTo(7);
        assertThat(t.grantedTtl()).isEqualTo(10);
        assertThat(t.keys()).containsExactly(bs("a"), bs("b"));
        assertThat(t.revision()).isEqualTo(w.revision());
        assertThat(w.lessor.timeToLive(lease, false).orElseThrow().keys()).isEmpty();
        assertThat(w.lessor.timeToLive(lease + 1, true)).isEmpty();
    }

    @Test
    void putWithoutLeaseDetachesTheKey() {
        long lease = w.grant(10);
        w.put("a", lease);
        w.put("a", 0);
        assertThat(w.lessor.timeToLive(lease, true).orElseThrow().keys()).isEmpty();
        long before = w.revision();
        assertThat(w.lessor.revoke(lease).join()).isEqualTo(before);
        assertThat(w.keys("a", "b", 0)).containsExactly("a");
    }

    @Test
    void leasesAreListedByExpiry() {
        long late = w.lessor.grant(1, 100).join().id();
        long early = w.lessor.grant(2, 10).join().id();
        long middle = w.lessor.grant(3, 50).join().id();
        assertThat(w.lessor.leases()).containsExactly(early, middle, late);
        w.lessor.renew(early);
        assertThat(w.lessor.leases()).containsExactly(early, middle, late);
    }

    @Test
    void seededIdsAreReproducible() {
        List<Long> first = List.of(w.grant(10), w.grant(10));
        w.close();
        w = new LeaseWorld(dir.resolve("other"));
        assertThat(List.of(w.grant(10), w.grant(10))).isEqualTo(first);
    }
}
