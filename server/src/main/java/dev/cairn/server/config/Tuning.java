package dev.cairn.server.config;

import java.time.Duration;

/**
 * Raft, backend and compaction settings a single member accepts with etcd's rules; Cairn does not
 * act on most of them yet. Immutable.
 *
 * @param snapshotCount {@code --snapshot-count}
 * @param heartbeatInterval {@code --heartbeat-interval}
 * @param electionTimeout {@code --election-timeout}
 * @param quotaBackendBytes {@code --quota-backend-bytes} (0 = 2 GiB default, negative disables)
 * @param autoCompactionMode periodic or revision
 * @param autoCompactionRetention retention as given ("0" disables)
 * @param watchProgressNotifyInterval {@code --watch-progress-notify-interval} (or its 3.4 experimental name)
 */
public record Tuning(
        long snapshotCount,
        Duration heartbeatInterval,
        Duration electionTimeout,
        long quotaBackendBytes,
        String autoCompactionMode,
        String autoCompactionRetention,
        Duration watchProgressNotifyInterval) {

    private static final long MAX_ELECTION_MS = 50_000;

    public Tuning {
        long tick = heartbeatInterval.toMillis();
        long election = electionTimeout.toMillis();
        if (tick <= 0) {
            throw new IllegalArgumentException("--heartbeat-interval must be >0 (set to " + tick + "ms)");
        }
        if (election <= 0) {
            throw new IllegalArgumentException("--election-timeout must be >0 (set to " + election + "ms)");
        }
        if (5 * tick > election) {
            throw new IllegalArgumentException("--election-timeout[" + election
                    + "ms] should be at least as 5 times as --heartbeat-interval[" + tick + "ms]");
        }
        if (election > MAX_ELECTION_MS) {
            throw new IllegalArgumentException("--election-timeout[" + election
                    + "ms] is too long, and should be set less than " + MAX_ELECTION_MS + "ms");
        }
        if (!autoCompactionMode.isEmpty()
                && !autoCompactionMode.equals("periodic")
                && !autoCompactionMode.equals("revision")) {
            throw new IllegalArgumentException("unknown auto-compaction-mode \"" + autoCompactionMode + "\"");
        }
        if (watchProgressNotifyInterval.isNegative()) {
            throw new IllegalArgumentException("--watch-progress-notify-interval must not be negative");
        }
    }
}
