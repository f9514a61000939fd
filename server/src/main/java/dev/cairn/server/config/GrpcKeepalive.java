package dev.cairn.server.config;

import java.time.Duration;

/**
 * Server-side HTTP/2 keepalive, etcd's {@code --grpc-keepalive-*} flags. Immutable.
 *
 * @param minTime shortest client ping interval the server tolerates
 * @param interval how often the server pings an idle connection (zero disables)
 * @param timeout how long the server waits for a ping ack (zero disables)
 */
public record GrpcKeepalive(Duration minTime, Duration interval, Duration timeout) {
    public GrpcKeepalive {
        for (Duration d : new Duration[] {minTime, interval, timeout}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(
                        "--grpc-keepalive-* durations must not be negative (got " + GoDuration.format(d) + ")");
            }
        }
    }
}
