package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;

/**
 * A range read, mirroring etcd's RangeRequest.
 *
 * @param key first key (must not be empty; "\0" with rangeEnd "\0" means every key)
 * @param rangeEnd empty = single key; "\0" = every key >= key; else exclusive end
 * @param revision 0 or less = latest
 * @param limit 0 = unlimited
 * @param sortOrder NONE, ASCEND or DESCEND
 * @param sortTarget KEY, VERSION, CREATE, MOD or VALUE
 */
public record RangeQuery(
        ByteString key,
        ByteString rangeEnd,
        long revision,
        long limit,
        SortOrder sortOrder,
        SortTarget sortTarget,
        boolean keysOnly,
        boolean countOnly,
        long minModRevision,
        long maxModRevision,
        long minCreateRevision,
        long maxCreateRevision) {

    public RangeQuery {
        if (limit < 0) {
            limit = 0;
        }
    }

    /** A plain read of [key, rangeEnd) at the latest revision. */
    public static RangeQuery of(ByteString key, ByteString rangeEnd) {
        return new RangeQuery(key, rangeEnd, 0, 0, SortOrder.NONE, SortTarget.KEY, false, false, 0, 0, 0, 0);
    }

    public enum SortOrder {
        NONE,
        ASCEND,
        DESCEND
    }

    public enum SortTarget {
        KEY,
        VERSION,
        CREATE,
        MOD,
        VALUE
    }
}
