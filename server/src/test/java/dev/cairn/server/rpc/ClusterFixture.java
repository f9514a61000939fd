package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.ClusterGrpc;
import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.server.kv.KvApplier;
import dev.cairn.server.kv.KvLimits;
import dev.cairn.server.membership.ClusterMember;
import dev.cairn.server.membership.ClusterRecordSink;
import dev.cairn.server.membership.MemberSet;
import dev.cairn.server.membership.Membership;
import dev.cairn.server.membership.MembershipException;
import dev.cairn.server.membership.MembershipSettings;
import dev.cairn.server.membership.RaftStatus;
import dev.cairn.server.membership.Reconfiguration;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Cluster and Maintenance services of a raft member, in-process with direct executors, over
 * fakes of what the node driver provides: a proposer that applies every conf change at once (test
 * only: the real one goes through raft), a settable raft status, a counting read barrier, a
 * recording promote forwarder and leader transfer.
 */
final class ClusterFixture implements AutoCloseable {
    static final long CLUSTER_ID = 0x1122_3344_5566_7788L;
    static final long SELF = 1;
    static final long TERM = 5;
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    final Membership membership;
    final AtomicReference<RaftStatus> status = new AtomicReference<>();
    final List<Long> forwarded = new ArrayList<>();
    final List<Long> transfers = new ArrayList<>();
    final List<Duration> transferTimeouts = new ArrayList<>();
    int barriers;
    boolean transferTimesOut;

    final MvccStore store;
    final Server server;
    final ManagedChannel channel;
    final ClusterGrpc.ClusterBlockingStub cluster;
    final MaintenanceGrpc.MaintenanceBlockingStub maintenance;

    ClusterFixture(Path dir, MemberSet members) {
        membership = new Membership(SELF, members, 1);
        leads();
        Reconfiguration ops = new Reconfiguration(
                membership,
                MembershipSettings.DEFAULTS,
                status::get,
                cc -> CompletableFuture.completedFuture(membership.apply(cc, new NoRecords())),
                id -> {
                    forwarded.add(id);
                    return CompletableFuture.completedFuture(
                            membership.current().members());
                },
                () -> {
                    barriers++;
                    return done();
                },
                (target, timeout) -> {
                    transfers.add(target);
                    transferTimeouts.add(timeout);
                    return transferTimesOut
                            ? CompletableFuture.failedFuture(new MembershipException.LeaderTransferTimeout(target))
                            : done();
                },
                InstantSource.fixed(NOW));
        store = MvccStores.open(dir);
        Headers headers = new Headers(CLUSTER_ID, SELF, () -> status.get().term());
        KvApplier applier = LocalKv.applier(store, new KvLimits(128, 1_572_864L), lease -> false);
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name)
                    .directExecutor()
                    .addService(new ClusterService(ops, headers))
                    .addService(
                            new MaintenanceService(store, applier, headers, status::get, ops, Duration.ofSeconds(7)))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        cluster = ClusterGrpc.newBlockingStub(channel);
        maintenance = MaintenanceGrpc.newBlockingStub(channel);
    }

    /** This member leads; every member is connected and has replicated everything. */
    void leads() {
        Map<Long, Instant> active = new HashMap<>();
        Map<Long, Long> match = new HashMap<>();
        for (ClusterMember m : membership.current().members()) {
            match.put(m.id(), 100L);
            if (m.id() != SELF) {
                active.put(m.id(), NOW.minusSeconds(60));
            }
        }
        status.set(new RaftStatus(SELF, SELF, TERM, 100, 99, false, match, active));
    }

    /** This member follows {@code leader} (0: none). */
    void follows(long leader) {
        status.set(new RaftStatus(SELF, leader, TERM, 100, 99, false, Map.of(), Map.of()));
    }

    /** On the leader: member {@code id} has replicated up to {@code match} of the leader's 100. */
    void matched(long id, long match) {
        RaftStatus s = status.get();
        Map<Long, Long> m = new HashMap<>(s.matchIndex());
        m.put(id, match);
        Map<Long, Instant> active = new HashMap<>(s.activeSince());
        active.put(id, NOW.minusSeconds(60));
        status.set(new RaftStatus(
                s.memberId(), s.leader(), s.term(), s.commitIndex(), s.appliedIndex(), s.learner(), m, active));
    }

    private static CompletableFuture<Void> done() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.complete(null);
        return done;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        store.close();
    }

    /** The records are checked in the membership tests; here only the answers matter. */
    private static final class NoRecords implements ClusterRecordSink {
        @Override
        public void put(com.google.protobuf.ByteString key, com.google.protobuf.ByteString value) {}

        @Override
        public void delete(com.google.protobuf.ByteString key) {}
    }

    static List<Long> ids(List<dev.cairn.proto.etcdserverpb.Member> members) {
        return members.stream().map(dev.cairn.proto.etcdserverpb.Member::getID).toList();
    }
}
