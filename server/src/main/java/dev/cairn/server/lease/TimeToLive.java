package dev.cairn.server.lease;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * A live lease's state, as LeaseTimeToLive reports it. Immutable; thread-safe.
 *
 * @param id the lease ID
 * @param remainingSeconds remaining whole seconds, truncated (0 once expired but not yet revoked)
 * @param grantedTtl the granted TTL in seconds
 * @param keys the attached keys in key order (empty unless asked for)
 * @param revision the store's current revision at the moment of the read
 */
public record TimeToLive(long id, long remainingSeconds, long grantedTtl, List<ByteString> keys, long revision) {
    public TimeToLive {
        keys = List.copyOf(keys);
    }
}
