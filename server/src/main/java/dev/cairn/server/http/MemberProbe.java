package dev.cairn.server.http;

import com.google.protobuf.ByteString;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.RangeQuery;
import dev.cairn.storage.mvcc.ReadView;

/**
 * What the HTTP endpoints ask of the member: a local read for the health checks and the numbers
 * {@code /metrics} reports. A single member with no raft yet is always its own leader.
 *
 * <p>Thread-safe (the store is); called on the event loop of the connection being answered.
 */
public final class MemberProbe {
    private static final RangeQuery HEALTH_READ = new RangeQuery(
            ByteString.copyFromUtf8("health"),
            ByteString.EMPTY,
            0,
            1,
            RangeQuery.SortOrder.NONE,
            RangeQuery.SortTarget.KEY,
            true,
            false,
            0,
            0,
            0,
            0);

    private final MvccStore store;
    private final long memberId;

    public MemberProbe(MvccStore store, long memberId) {
        this.store = store;
        this.memberId = memberId;
    }

    /**
     * Reads key {@code health} (keys only, limit 1) from the local store, as etcd's health check.
     *
     * @throws RuntimeException when the store cannot answer
     */
    void read() {
        try (ReadView view = store.read()) {
            view.range(HEALTH_READ);
        }
    }

    /** The store's current revision. */
    long currentRevision() {
        try (ReadView view = store.read()) {
            return view.currentRevision();
        }
    }

    long dbSizeBytes() {
        return store.dbSizeBytes();
    }

    long dbSizeInUseBytes() {
        return store.dbSizeInUseBytes();
    }

    long memberId() {
        return memberId;
    }

    /** Whether a leader is known; always true for a single member. */
    boolean hasLeader() {
        return true;
    }
}
