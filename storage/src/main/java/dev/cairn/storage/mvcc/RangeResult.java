package dev.cairn.storage.mvcc;

import dev.cairn.proto.mvccpb.KeyValue;
import java.util.List;

/**
 * The answer to a {@link RangeQuery}, mirroring etcd's RangeResponse.
 *
 * @param kvs the key-values (empty for count_only)
 * @param more true iff matching entries were cut off by the limit
 * @param count number of keys in the range at the read revision, regardless of limit and filters
 * @param currentRevision the store's current revision (goes in the response header)
 */
public record RangeResult(List<KeyValue> kvs, boolean more, long count, long currentRevision) {
    public RangeResult {
        kvs = List.copyOf(kvs);
    }
}
