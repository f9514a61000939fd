package dev.cairn.server.watch;

import java.time.Duration;

/**
 * The watch hub's limits, etcd's by default. Immutable; thread-safe.
 *
 * @param progressNotifyInterval {@code --watch-progress-notify-interval}, already adjusted: 0 means
 *     etcd's default of 10 minutes, anything below 100 ms becomes 100 ms (etcd adjusts the same
 *     way); each stream adds up to 10% jitter
 * @param fragmentBytes responses of a {@code fragment=true} watcher at or above this size, with two
 *     or more events, are split (etcd: --max-request-bytes + 512 KiB)
 * @param outboxCapacity event and progress responses one stream may hold unsent (etcd's chanBufLen,
 *     128); a watcher whose stream is full becomes a victim and catches up later
 * @param catchUpRevisions distinct revisions per catch-up response (etcd's watchBatchMaxRevs, 1000)
 * @param catchUpWatchers watchers served per catch-up pass (etcd's maxWatchersPerSync, 512)
 * @param catchUpEvents events read from history per pass (whole revisions; bounds memory)
 */
public record WatchSettings(
        Duration progressNotifyInterval,
        long fragmentBytes,
        int outboxCapacity,
        int catchUpRevisions,
        int catchUpWatchers,
        int catchUpEvents) {

    /** etcd's default progress interval. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMinutes(10);

    /** etcd's floor for the progress interval. */
    public static final Duration MIN_PROGRESS_INTERVAL = Duration.ofMillis(100);

    /** What gRPC adds on top of --max-request-bytes (etcd's MaxRequestBytesWithOverhead). */
    public static final long GRPC_OVERHEAD_BYTES = 512 * 1024;

    public WatchSettings {
        if (progressNotifyInterval.compareTo(MIN_PROGRESS_INTERVAL) < 0) {
            throw new IllegalArgumentException("progress interval below " + MIN_PROGRESS_INTERVAL);
        }
        if (fragmentBytes <= 0 || outboxCapacity <= 0 || catchUpRevisions <= 0 || catchUpWatchers <= 0) {
            throw new IllegalArgumentException("watch limits must be positive");
        }
        if (catchUpEvents <= 0) {
            throw new IllegalArgumentException("catchUpEvents must be positive");
        }
    }

    /**
     * etcd's settings for a server started with {@code --max-request-bytes=maxRequestBytes} and
     * {@code --watch-progress-notify-interval=progressInterval} (adjusted as etcd adjusts it).
     */
    public static WatchSettings etcd(long maxRequestBytes, Duration progressInterval) {
        Duration interval = progressInterval;
        if (interval.isZero() || interval.isNegative()) {
            interval = DEFAULT_PROGRESS_INTERVAL;
        } else if (interval.compareTo(MIN_PROGRESS_INTERVAL) < 0) {
            interval = MIN_PROGRESS_INTERVAL;
        }
        return new WatchSettings(interval, maxRequestBytes + GRPC_OVERHEAD_BYTES, 128, 1000, 512, 10_000);
    }

    /** This settings with another outbox capacity (tests use small ones). */
    public WatchSettings withOutboxCapacity(int capacity) {
        return new WatchSettings(
                progressNotifyInterval, fragmentBytes, capacity, catchUpRevisions, catchUpWatchers, catchUpEvents);
    }

    /** This settings with another fragment threshold. */
    public WatchSettings withFragmentBytes(long bytes) {
        return new WatchSettings(
                progressNotifyInterval, bytes, outboxCapacity, catchUpRevisions, catchUpWatchers, catchUpEvents);
    }
}
