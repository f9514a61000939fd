package dev.cairn.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry driven by a manual ticker and explicit driver ticks: no sleeps, no scheduler thread. */
class LeaseExpiryTest {
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

    @Test
    void nothingExpiresBeforeItsTtl() {
        long lease = w.grant(10);
        w.put("a", lease);
        w.advance(Duration.ofMillis(9_999));
        driver.tick().join();
        assertThat(w.lessor.exists(lease)).isTrue();
        assertThat(w.keys("a", "b", 0)).containsExactly("a");
    }

    @Test
    void expiredLeasesLoseTheirKeysAtOneRevisionEach() {
        long first = w.grant(10);
        long second = w.grant(20);
        w.put("a/1", first);
        w.put("a/2", first);
        w.put("b/1", second);
        w.put("b/2", second);
        w.put("c", 0);
        long before = w.revision();

        w.advance(Duration.ofSeconds(10));
        driver.tick().join();
        assertThat(w.lessor.exists(first)).isFalse();
        assertThat(w.record(first)).isEmpty();
        assertThat(w.revision()).isEqualTo(before + 1);
        assertThat(w.keys("a", "z", before)).containsExactly("a/1", "a/2", "b/1", "b/2", "c");
        assertThat(w.keys("a", "z", before + 1)).containsExactly("b/1", "b/2", "c");

        w.advance(Duration.ofSeconds(10));
        driver.tick().join();
        assertThat(w.lessor.leases()).isEmpty();
        assertThat(w.revision()).isEqualTo(before + 2);
        assertThat(w.keys("a", "z", 0)).containsExactly("c");
    }

    @Test
    void keepAliveKeepsALeaseAlive() {
        long lease = w.grant(10);
        w.put("a", lease);
        for (int i = 0; i < 5; i++) {
            w.advance(Duration.ofSeconds(9));
            assertThat(w.lessor.renew(lease)).isEqualTo(10);
            driver.tick().join();
        }
        assertThat(w.keys("a", "b", 0)).containsExactly("a");
    }

    @Test
    void revokesAtMostTheRatePerTick() {
        List<CompletableFuture<Granted>> grants = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            grants.add(w.lessor.grant(0, 5));
        }
        CompletableFuture.allOf(grants.toArray(CompletableFuture[]::new)).join();
        w.advance(Duration.ofSeconds(5));

        assertThat(LeaseWorld.CONFIG.revokesPerTick()).isEqualTo(1000);
        driver.tick().join();
        assertThat(w.lessor.leases()).hasSize(1500);
        driver.tick().join();
        assertThat(w.lessor.leases()).hasSize(500);
        driver.tick().join();
        assertThat(w.lessor.leases()).isEmpty();
        assertThat(w.records()).isEmpty();
    }

    @Test
    void defaultDriverTicksTwiceASecondWithHalfTheBudget() {
        assertThat(LeaseConfig.defaults().tickInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(LeaseConfig.defaults().revokesPerTick()).isEqualTo(500);
    }

    @Test
    void aLeaseBeingRevokedIsNotHandedOutTwice() {
        long lease = w.grant(5);
        w.advance(Duration.ofSeconds(5));
        assertThat(w.lessor.takeExpired(10)).containsExactly(lease);
        assertThat(w.lessor.takeExpired(10)).isEmpty();
        w.lessor.revokeExpired(lease).join();
        assertThat(w.lessor.exists(lease)).isFalse();
    }

    @Test
    void explicitRevokeRacingExpiryIsHarmless() {
        long lease = w.grant(5);
        w.put("a", lease);
        w.advance(Duration.ofSeconds(5));
        assertThat(w.lessor.takeExpired(10)).containsExactly(lease);
        w.lessor.revoke(lease).join();
        assertThat(w.lessor.revokeExpired(lease).join()).isEqualTo(-1L);
        assertThat(w.keys("a", "b", 0)).isEmpty();
    }

    @Test
    void expiryKeepsUpWithConcurrentWrites() throws Exception {
        List<Long> leases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long lease = w.grant(5);
            leases.add(lease);
            for (int k = 0; k < 3; k++) {
                w.put("lease/" + i + "/" + k, lease);
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        CountDownLatch writing = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                w.put("load/" + written.get() % 50, 0);
                written.incrementAndGet();
                writing.countDown();
            }
        });
        writer.start();
        writing.await();

        w.advance(Duration.ofSeconds(5));
        driver.tick().join();
        stop.set(true);
        writer.join();

        assertThat(w.lessor.leases()).isEmpty();
        assertThat(w.keys("lease/", "lease0", 0)).isEmpty();
        assertThat(w.keys("load/", "load0", 0)).isNotEmpty();
        assertThat(written.get()).isPositive();
    }

    @Test
    void eachExpiredLeaseGoesAtItsOwnRevisionUnderLoad() throws Exception {
        long a = w.grant(5);
        long b = w.grant(5);
        w.put("x/a1", a);
        w.put("x/a2", a);
        w.put("x/b1", b);
        w.put("x/b2", b);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                w.put("y/" + (i++ % 10), 0);
            }
        });
        writer.start();
        w.advance(Duration.ofSeconds(5));
        List<Long> revisions = new ArrayList<>();
        for (long id : w.lessor.takeExpired(10)) {
            revisions.add(w.lessor.revokeExpired(id).join());
        }
        stop.set(true);
        writer.join();

        assertThat(revisions).hasSize(2).doesNotHaveDuplicates();
        for (long rev : revisions) {
            List<String> before = w.keys("x/", "x0", rev - 1);
            List<String> after = w.keys("x/", "x0", rev);
            assertThat(before.size() - after.size()).isEqualTo(2);
            assertThat(after).allMatch(before::contains);
        }
        assertThat(w.keys("x/", "x0", 0)).isEmpty();
    }
}
