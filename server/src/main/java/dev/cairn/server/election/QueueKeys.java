package dev.cairn.server.election;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;

/**
 * The key layout and the KV requests of the queue algorithm: a queue {@code name} holds one key
 * per lease, {@code <name>/<lease ID in lowercase hex>}, and the key with the oldest
 * create_revision is at the head. Stateless; thread-safe.
 */
final class QueueKeys {
    private QueueKeys() {}

    /** {@code name + "/"}: every key of the queue starts with it. */
    static ByteString prefix(ByteString name) {
        return name.concat(ByteString.copyFromUtf8("/"));
    }

    /** The queue key of {@code lease} in queue {@code name}. */
    static ByteString key(ByteString name, long lease) {
        return prefix(name).concat(ByteString.copyFromUtf8(hex(lease)));
    }

    /** A signed int64 in lowercase hex without padding, a minus sign for negatives (as Go's %x). */
    static String hex(long value) {
        if (value >= 0) {
            return Long.toHexString(value);
        }
        if (value == Long.MIN_VALUE) {
            return "-8000000000000000";
        }
        return "-" + Long.toHexString(-value);
    }

    /** The end of the range holding every key that starts with {@code prefix}. */
    static ByteString prefixEnd(ByteString prefix) {
        byte[] end = prefix.toByteArray();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteString.copyFrom(end, 0, i + 1);
            }
        }
        return ByteString.copyFrom(new byte[] {0});
    }

    /** The queue head: the key under {@code prefix} with the lowest create_revision. */
    static RangeRequest head(ByteString prefix) {
        return byCreate(prefix, RangeRequest.SortOrder.ASCEND).build();
    }

    /** The newest key under {@code prefix} created at or before {@code maxCreateRevision}. */
    static RangeRequest lastBefore(ByteString prefix, long maxCreateRevision) {
        return byCreate(prefix, RangeRequest.SortOrder.DESCEND)
                .setMaxCreateRevision(maxCreateRevision)
                .build();
    }

    static RangeRequest get(ByteString key) {
        return RangeRequest.newBuilder().setKey(key).build();
    }

    /** The compare {@code create_revision(key) == revision}. */
    static Compare createdAt(ByteString key, long revision) {
        return Compare.newBuilder()
                .setKey(key)
                .setTarget(Compare.CompareTarget.CREATE)
                .setResult(Compare.CompareResult.EQUAL)
                .setCreateRevision(revision)
                .build();
    }

    static RequestOp putOp(ByteString key, ByteString value, long lease) {
        return RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder()
                        .setKey(key)
                        .setValue(value)
                        .setLease(lease)
                        .build())
                .build();
    }

    static RequestOp rangeOp(RangeRequest range) {
        return RequestOp.newBuilder().setRequestRange(range).build();
    }

    static RequestOp deleteOp(ByteString key) {
        return RequestOp.newBuilder()
                .setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(key))
                .build();
    }

    private static RangeRequest.Builder byCreate(ByteString prefix, RangeRequest.SortOrder order) {
        return RangeRequest.newBuilder()
                .setKey(prefix)
                .setRangeEnd(prefixEnd(prefix))
                .setSortTarget(RangeRequest.SortTarget.CREATE)
                .setSortOrder(order)
                .setLimit(1);
    }
}
