package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfState;
import dev.cairn.server.replication.Applied;
import dev.cairn.server.replication.Waiters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A key-value state machine that outlives the nodes over it, as a store on disk does: puts of
 * {@link ReplicatedRequest}s, the applied index recorded with each entry, and a check that no index
 * is applied twice or out of order. Completes the proposers' {@link Waiters} when given some.
 * Thread-safe (the apply thread writes, the test reads).
 */
final class TestMachine implements StateMachine {
    private final Map<String, String> data = new HashMap<>(); // guarded by this
    private final List<Long> appliedIndexes = new ArrayList<>(); // guarded by this
    private final Map<String, CompletableFuture<Void>> keyWaiters = new HashMap<>(); // guarded by this
    private long applied; // guarded by this
    private long synced; // guarded by this: the applied index as of the last syncApplied
    private volatile @Nullable Waiters waiters;
    private @Nullable AssertionError violation; // guarded by this

    void useWaiters(Waiters w) {
        this.waiters = w;
    }

    @Override
    public synchronized long appliedIndex() {
        return applied;
    }

    @Override
    public CompletableFuture<?> applyNormal(long index, ByteString bytes) {
        CompletableFuture<Void> keyDone = null;
        ReplicatedRequest request = parse(bytes);
        synchronized (this) {
            record(index);
            if (request.hasPut()) {
                String key = request.getPut().getKey().toStringUtf8();
                data.put(key, request.getPut().getValue().toStringUtf8());
                keyDone = keyWaiters.remove(key);
            }
        }
        if (keyDone != null) {
            keyDone.complete(null);
        }
        Waiters w = waiters;
        if (w != null && request.getId() != 0) {
            w.complete(request.getId(), Applied.of(index, PutResponse.getDefaultInstance()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<ConfChange> applyConfChange(long index, ConfChange change, boolean replayed) {
        if (!replayed) {
            record(index);
        }
        return CompletableFuture.completedFuture(change);
    }

    @Override
    public void confStateChanged(long index, ConfChange change, ConfState confState) {}

    @Override
    public synchronized void syncApplied() {
        synced = applied;
    }

    /** The applied index as of the last {@link #syncApplied} (what a store would keep in a power cut). */
    synchronized long syncedIndex() {
        return synced;
    }

    private void record(long index) {
        if (index <= applied && violation == null) {
            violation = new AssertionError("index " + index + " applied again after " + applied);
        }
        applied = index;
        appliedIndexes.add(index);
    }

    /** Completes once {@code key} has been put (at once if it already is). */
    synchronized CompletableFuture<Void> awaitKey(String key) {
        if (data.containsKey(key)) {
            return CompletableFuture.completedFuture(null);
        }
        return keyWaiters.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    synchronized @Nullable String get(String key) {
        return data.get(key);
    }

    synchronized Map<String, String> snapshot() {
        return Map.copyOf(data);
    }

    synchronized List<Long> appliedIndexes() {
        return List.copyOf(appliedIndexes);
    }

    /** Throws the first double or out-of-order apply seen. */
    synchronized void check() {
        if (violation != null) {
            throw violation;
        }
    }

    static ReplicatedRequest parse(ByteString bytes) {
        try {
            return ReplicatedRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
