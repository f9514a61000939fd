package dev.cairn.server.config;

/**
 * Request admission limits of the client port. Immutable.
 *
 * @param maxRequestBytes {@code --max-request-bytes}: largest serialized write request
 * @param maxTxnOps {@code --max-txn-ops}: operations per transaction level
 * @param maxConcurrentStreams {@code --max-concurrent-streams}: HTTP/2 streams per connection
 */
public record RequestLimits(long maxRequestBytes, int maxTxnOps, long maxConcurrentStreams) {
    /** What gRPC adds on top of {@code --max-request-bytes} for its receive limit (etcd: 512 KiB). */
    public static final long GRPC_OVERHEAD_BYTES = 512 * 1024;

    public RequestLimits {
        if (maxRequestBytes <= 0 || maxRequestBytes + GRPC_OVERHEAD_BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--max-request-bytes must be between 1 and "
                    + (Integer.MAX_VALUE - GRPC_OVERHEAD_BYTES) + " (set to " + maxRequestBytes + ")");
        }
        if (maxTxnOps <= 0) {
            throw new IllegalArgumentException("--max-txn-ops must be >0 (set to " + maxTxnOps + ")");
        }
        if (maxConcurrentStreams <= 0) {
            throw new IllegalArgumentException(
                    "--max-concurrent-streams must be >0 (set to " + maxConcurrentStreams + ")");
        }
    }

    /** gRPC's inbound message limit: max-request-bytes + 512 KiB, as etcd. */
    public int grpcMaxInboundMessageBytes() {
        return Math.toIntExact(maxRequestBytes + GRPC_OVERHEAD_BYTES);
    }
}
