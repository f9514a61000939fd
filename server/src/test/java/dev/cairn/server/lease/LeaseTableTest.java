package dev.cairn.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pure expiry bookkeeping, without a store or a clock. */
class LeaseTableTest {
    static final long S = 1_000_000_000L;

    @Test
    void takesExpiredLeasesEarliestFirstAndOnlyOnce() {
        LeaseTable t = new LeaseTable();
        t.add(new LeaseTable.Entry(1, 10, 30 * S, 0));
        t.add(new LeaseTable.Entry(2, 10, 10 * S, 0));
        t.add(new LeaseTable.Entry(3, 10, 20 * S, 0));
        assertThat(t.takeExpired(15 * S, 10)).containsExactly(2L);
        assertThat(t.takeExpired(30 * S, 1)).containsExactly(3L);
        assertThat(t.takeExpired(30 * S, 10)).containsExactly(1L);
        assertThat(t.takeExpired(30 * S, 10)).isEmpty();
        assertThat(t.idsByExpiry()).containsExactly(2L, 3L, 1L);
    }

    @Test
    void rescheduleKeepsTheOrder() {
        LeaseTable t = new LeaseTable();
        LeaseTable.Entry a = new LeaseTable.Entry(1, 10, 10 * S, 0);
        t.add(a);
        t.add(new LeaseTable.Entry(2, 10, 20 * S, 0));
        t.reschedule(a, 30 * S);
        assertThat(t.idsByExpiry()).containsExactly(2L, 1L);
        t.remove(1);
        assertThat(t.idsByExpiry()).containsExactly(2L);
        assertThat(t.contains(1)).isFalse();
    }

    @Test
    void spreadsAPileAndLetsLaterLeasesJoinIt() {
        LeaseTable t = new LeaseTable();
        for (int i = 1; i <= 10; i++) {
            t.add(new LeaseTable.Entry(i, 10, 100 * S, 0));
        }
        t.add(new LeaseTable.Entry(11, 10, 101 * S, 0));
        t.add(new LeaseTable.Entry(12, 10, 200 * S, 0));
        t.spreadPileUps(4);
        // 4 per second: leases 1-4 at 100 s, then 5..10 at 100 + n/4 s, 11 joins the stretched pile
        assertThat(t.takeExpired(100 * S, 100)).hasSize(4);
        assertThat(t.takeExpired(101 * S, 100)).isEmpty();
        assertThat(t.takeExpired(102 * S, 100)).hasSize(4);
        assertThat(t.takeExpired(103 * S, 100)).hasSize(3);
        assertThat(t.takeExpired(199 * S, 100)).isEmpty();
        assertThat(t.takeExpired(200 * S, 100)).containsExactly(12L);
    }

    @Test
    void roundsSecondsAndSaturatesDeadlines() {
        assertThat(LeaseTable.ceilSeconds(1)).isEqualTo(1);
        assertThat(LeaseTable.ceilSeconds(S)).isEqualTo(1);
        assertThat(LeaseTable.ceilSeconds(S + 1)).isEqualTo(2);
        assertThat(LeaseTable.ceilSeconds(-5)).isZero();
        assertThat(LeaseTable.truncSeconds(2 * S - 1)).isEqualTo(1);
        assertThat(LeaseTable.deadline(Long.MAX_VALUE - 5, 9_000_000_000L, S)).isEqualTo(Long.MAX_VALUE);
        assertThat(LeaseTable.deadline(5, 2, 3)).isEqualTo(5 + 2 * S + 3);
    }
}
