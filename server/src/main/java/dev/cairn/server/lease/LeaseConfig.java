package dev.cairn.server.lease;

import java.time.Duration;

/**
 * The lessor's constants, with etcd's defaults. Immutable; validated on construction.
 *
 * @param minTtlSeconds grants below this TTL are raised to it (ceil(1.5 x election timeout))
 * @param revokeRatePerSecond at most this many expired leases are revoked per second (etcd: 1000)
 * @param tickInterval how often the driver looks for expired leases (etcd: 500 ms)
 * @param checkpointInterval how often remaining TTLs are persisted (etcd: 5 min)
 * @param promoteExtension added to every lease's remaining TTL when leases are loaded at start-up,
 *     as etcd's leader adds one election timeout when it takes over the leases
 */
public record LeaseConfig(
        long minTtlSeconds,
        int revokeRatePerSecond,
        Duration tickInterval,
        Duration checkpointInterval,
        Duration promoteExtension) {

    /** The largest TTL a grant may ask for, in seconds (etcd's MaxLeaseTTL). */
    public static final long MAX_TTL_SECONDS = 9_000_000_000L;

    /** etcd's leaseRevokeRate. */
    public static final int DEFAULT_REVOKE_RATE = 1000;

    /** etcd's expiry loop period. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(500);

    /** etcd's default lease checkpoint interval. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(5);

    public LeaseConfig {
        if (minTtlSeconds < 1) {
            throw new IllegalArgumentException("minTtlSeconds must be >= 1: " + minTtlSeconds);
        }
        if (revokeRatePerSecond < 1) {
            throw new IllegalArgumentException("revokeRatePerSecond must be >= 1: " + revokeRatePerSecond);
        }
        requirePositive("tickInterval", tickInterval);
        requirePositive("checkpointInterval", checkpointInterval);
        if (promoteExtension.isNegative()) {
            throw new IllegalArgumentException("promoteExtension must not be negative: " + promoteExtension);
        }
    }

    /**
     * etcd's settings for a member with these raft timings: minimum TTL = 1.5 election timeouts
     * counted in whole heartbeat ticks, rounded up to a second (2 s for 100 ms / 1000 ms); the
     * start-up extension is one election timeout.
     */
    public static LeaseConfig forTimings(Duration heartbeatInterval, Duration electionTimeout) {
        long heartbeatMs = Math.max(1, heartbeatInterval.toMillis());
        long electionTicks = electionTimeout.toMillis() / heartbeatMs;
        long minTtlMs = (3 * electionTicks / 2) * heartbeatMs;
        long minTtlSeconds = Math.max(1, (minTtlMs + 999) / 1000);
        return new LeaseConfig(
                minTtlSeconds, DEFAULT_REVOKE_RATE, DEFAULT_TICK, DEFAULT_CHECKPOINT_INTERVAL, electionTimeout);
    }

    /** etcd's defaults (heartbeat 100 ms, election timeout 1000 ms). */
    public static LeaseConfig defaults() {
        return forTimings(Duration.ofMillis(100), Duration.ofMillis(1000));
    }

    /** A copy with another driver tick (the revoke budget per tick follows it). */
    public LeaseConfig withTickInterval(Duration tick) {
        return new LeaseConfig(minTtlSeconds, revokeRatePerSecond, tick, checkpointInterval, promoteExtension);
    }

    /** How many expired leases one driver tick may revoke: the rate times the tick, at least one. */
    public int revokesPerTick() {
        long perTick = (long) revokeRatePerSecond * tickInterval.toMillis() / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, perTick));
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
