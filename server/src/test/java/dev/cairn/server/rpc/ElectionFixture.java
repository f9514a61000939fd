package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.Ops.bs;

import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.proto.v3electionpb.ElectionGrpc;
import dev.cairn.proto.v3lockpb.LockGrpc;
import dev.cairn.server.election.Elections;
import dev.cairn.server.election.KeyQueues;
import dev.cairn.server.election.Locks;
import dev.cairn.server.kv.KvApplier;
import dev.cairn.server.kv.KvLimits;
import dev.cairn.server.replication.LocalKv;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real store behind KV, Election and Lock services, in-process with direct executors; linearizable
 * reads wait for an asynchronous read barrier, as on a Raft member. Every
 * positive lease ID counts as granted (the applier's lease lookup), so tests need no Lease service;
 * {@link #UNKNOWN_LEASE} does not exist. Requests with lease 0 get session leases 0x1000, 0x1001, ...
 */
final class ElectionFixture implements AutoCloseable {
    static final long UNKNOWN_LEASE = 404;
    /** The next lease a request with lease 0 gets: 0x1000, 0x1001, ... */
    final AtomicLong sessionLeases = new AtomicLong(0x1000);
    /** How long a test waits for an event it caused; a bound, never a pacing delay. */
    static final long WAIT_SECONDS = 10;

    final MvccStore store;
    final Server server;
    final ManagedChannel channel;
    final KVGrpc.KVBlockingStub kv;
    final ElectionGrpc.ElectionBlockingStub election;
    final ElectionGrpc.ElectionStub electionAsync;
    final LockGrpc.LockBlockingStub lock;
    final LockGrpc.LockStub lockAsync;

    ElectionFixture(Path dir) {
        store = MvccStores.open(dir);
        // linearizable reads complete on another thread, as behind a Raft ReadIndex round
        KvApplier applier = LocalKv.applier(
                store,
                new KvLimits(128, 1_572_864L),
                id -> id > 0 && id != UNKNOWN_LEASE,
                () -> CompletableFuture.runAsync(() -> {}));
        Headers headers = new Headers(KvFixture.CLUSTER_ID, KvFixture.MEMBER_ID);
        KeyQueues queues = new KeyQueues(
                applier, store, ttl -> CompletableFuture.completedFuture(sessionLeases.getAndIncrement()));
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name)
                    .directExecutor()
                    .addService(new KvService(applier, headers))
                    .addService(new ElectionService(new Elections(queues), headers))
                    .addService(new LockService(new Locks(queues), headers))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        kv = KVGrpc.newBlockingStub(channel);
        election = ElectionGrpc.newBlockingStub(channel).withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS);
        electionAsync = ElectionGrpc.newStub(channel);
        lock = LockGrpc.newBlockingStub(channel).withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS);
        lockAsync = LockGrpc.newStub(channel);
    }

    /** Completes once {@code key} exists (already, or by a later commit). */
    CompletableFuture<Void> created(String key) {
        return awaitEvent(key, Event.EventType.PUT, true);
    }

    /** Completes once {@code key} is absent (already, or by a later commit). */
    CompletableFuture<Void> deleted(String key) {
        return awaitEvent(key, Event.EventType.DELETE, false);
    }

    boolean exists(String key) {
        return kv.range(Ops.getReq(key)).getCount() > 0;
    }

    /** Listens first, then looks, so the event cannot slip between the two. */
    private CompletableFuture<Void> awaitEvent(String key, Event.EventType type, boolean present) {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        store.addCommitListener((revision, events) -> {
            for (Event e : events) {
                if (e.getType() == type && e.getKv().getKey().equals(bs(key))) {
                    seen.complete(null);
                }
            }
        });
        if (exists(key) == present) {
            seen.complete(null);
        }
        return seen;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        store.close();
    }
}
