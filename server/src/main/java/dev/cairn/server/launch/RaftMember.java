package dev.cairn.server.launch;

import dev.cairn.proto.raftpb.MemberAttributes;
import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.raft.Peer;
import dev.cairn.server.config.ClusterBootstrap;
import dev.cairn.server.config.ClusterIds;
import dev.cairn.server.config.GoDuration;
import dev.cairn.server.config.ServerConfig;
import dev.cairn.server.kv.KvMachine;
import dev.cairn.server.lease.LeaseIds;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.lease.Lessor;
import dev.cairn.server.membership.BootstrapException;
import dev.cairn.server.membership.BootstrapPlan;
import dev.cairn.server.membership.BootstrapPlans;
import dev.cairn.server.membership.ClusterMember;
import dev.cairn.server.membership.ClusterRecords;
import dev.cairn.server.membership.MemberSet;
import dev.cairn.server.membership.Membership;
import dev.cairn.server.membership.MembershipSettings;
import dev.cairn.server.membership.Reconfiguration;
import dev.cairn.server.membership.StopTransfer;
import dev.cairn.server.node.LeaderPromoteForwarder;
import dev.cairn.server.node.LeadershipListener;
import dev.cairn.server.node.NodeCluster;
import dev.cairn.server.node.NodeConfig;
import dev.cairn.server.node.NodePeerInbox;
import dev.cairn.server.node.RaftNode;
import dev.cairn.server.node.RaftProposer;
import dev.cairn.server.node.ReadIndexBarrier;
import dev.cairn.server.node.ReplicatedMachine;
import dev.cairn.server.peer.PeerReports;
import dev.cairn.server.peer.PeerSecurity;
import dev.cairn.server.peer.PeerServer;
import dev.cairn.server.peer.PeerTransport;
import dev.cairn.server.peer.SnapshotSource;
import dev.cairn.server.replication.EntryApplier;
import dev.cairn.server.replication.RequestIds;
import dev.cairn.server.replication.TimeoutScheduler;
import dev.cairn.server.replication.Waiters;
import dev.cairn.server.rpc.RpcContext;
import dev.cairn.server.time.Ticker;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import dev.cairn.storage.wal.RaftLogStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated half of a member: the raft log in {@code <member dir>/wal}, the raft node, the peer
 * transport and listeners, the membership, and what the client services need of them (proposer,
 * read barrier, lessor, cluster operations). Bootstraps as etcd does: a log means restart (the
 * flags' cluster is ignored); no log and {@code --initial-cluster-state new} starts a new cluster of
 * every {@code --initial-cluster} member; {@code existing} asks the other members for the member
 * list and joins.
 *
 * <p>Thread-safe once started; {@link #transferLeadershipForStop} blocks its caller (the thread
 * closing the member) until the transfer ends; {@link #close} stops the peer listeners, the node,
 * the transport and the log, in that order (the caller closes the store afterwards).
 */
final class RaftMember implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftMember.class);
    private static final String IDS_FILE = "raft-ids";
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    final long memberId;
    final long clusterId;
    final RaftNode node;
    final Lessor lessor;
    final RpcContext.Raft raftView;
    final RaftProposer proposer;
    final ReadIndexBarrier barrier;
    final EntryApplier applier;
    private final RaftLogStore wal;
    private final PeerTransport transport;
    private final PeerServer peerServer;
    private final Membership membership;
    private final NodeCluster cluster;
    private final Duration requestTimeout;

    private RaftMember(
            long memberId,
            long clusterId,
            RaftNode node,
            Lessor lessor,
            RpcContext.Raft raftView,
            RaftProposer proposer,
            ReadIndexBarrier barrier,
            EntryApplier applier,
            RaftLogStore wal,
            PeerTransport transport,
            PeerServer peerServer,
            Membership membership,
            NodeCluster cluster,
            Duration requestTimeout) {
        this.memberId = memberId;
        this.clusterId = clusterId;
        this.node = node;
        this.lessor = lessor;
        this.raftView = raftView;
        this.proposer = proposer;
        this.barrier = barrier;
        this.applier = applier;
        this.wal = wal;
        this.transport = transport;
        this.peerServer = peerServer;
        this.membership = membership;
        this.cluster = cluster;
        this.requestTimeout = requestTimeout;
    }

    static RaftMember start(ServerConfig config, MvccStore store, LeaseMachine leases, InstantSource clock)
            throws StartupException {
        Path memberDir = config.memberDir();
        RaftLogStore wal = openWal(memberDir.resolve("wal"));
        PeerTransport transport = null;
        RaftNode node = null;
        try {
            Bootstrap b = bootstrap(config, store, wal, memberDir);
            Duration requestTimeout = Waiters.requestTimeout(config.tuning().electionTimeout());
            TimeoutScheduler timeouts = TimeoutScheduler.daemon("cairn-proposal-timeout");
            Waiters waiters = new Waiters(timeouts, requestTimeout);
            Membership membership = new Membership(
                    b.memberId, b.restored, MembershipSettings.from(config).maxLearners());
            EntryApplier applier = new EntryApplier(
                    store,
                    new KvMachine(leases::exists),
                    leases,
                    (txn, published) -> membership.applyAttributes(published, txn),
                    waiters);
            Late<RaftNode> lateNode = new Late<>();
            Late<NodeCluster> lateCluster = new Late<>();
            Late<Lessor> lateLessor = new Late<>();
            PeerReports reports = new PeerReports() {
                @Override
                public void reportUnreachable(long peerId) {
                    lateNode.ifSet(n -> n.reportUnreachable(peerId));
                }

                @Override
                public void reportSnapshot(long peerId, boolean ok) {
                    lateNode.ifSet(n -> n.reportSnapshot(peerId, ok));
                }
            };
            transport = new PeerTransport(
                    PeerSecurity.from(config),
                    SnapshotSource.inline(1 << 20),
                    reports,
                    PeerTransport.Settings.DEFAULT,
                    clock);
            PeerTransport t = transport;
            Map<Long, List<String>> peerUrls = new ConcurrentHashMap<>();
            for (ClusterMember m : b.known) {
                if (m.id() != b.memberId && !m.peerUrls().isEmpty()) {
                    t.addPeer(m.id(), m.peerUrls());
                    peerUrls.put(m.id(), List.copyOf(m.peerUrls()));
                }
            }
            ReplicatedMachine machine = new ReplicatedMachine(
                    store,
                    applier,
                    membership,
                    new ReplicatedMachine.PeerDirectory() {
                        @Override
                        public void upsert(long id, List<String> urls) {
                            // re-adding a known peer restarts its stream (and its ActiveSince):
                            // only when its URLs changed
                            if (!urls.equals(peerUrls.put(id, List.copyOf(urls)))) {
                                t.addPeer(id, urls);
                            }
                        }

                        @Override
                        public void remove(long id) {
                            peerUrls.remove(id);
                            t.removePeer(id);
                        }
                    },
                    (cc, result) -> lateCluster.ifSet(c -> c.applied(cc, result)));
            LeadershipListener leadership = new LeadershipListener() {
                @Override
                public void leaderChanged(long leader, long term, boolean local) {
                    if (!local) {
                        lateLessor.ifSet(Lessor::demote);
                    }
                    lateCluster.ifSet(c -> c.leaderChanged(leader, term, local));
                }

                @Override
                public void leaderCaughtUp() {
                    lateLessor.ifSet(Lessor::promote);
                }
            };
            node = RaftNode.start(
                    NodeConfig.etcd(b.memberId, config.tuning()), wal, machine, t::send, leadership, b.peers);
            lateNode.set(node);
            RaftNode n = node;
            NodeCluster cluster = new NodeCluster(
                    n,
                    membership,
                    timeouts,
                    requestTimeout,
                    clock,
                    t::activeSince,
                    b.known.stream().anyMatch(m -> m.id() == b.memberId && m.learner()));
            lateCluster.set(cluster);
            RaftProposer proposer =
                    new RaftProposer(n, waiters, RequestIds.forMember(b.memberId, clock.instant()), timeouts);
            ReadIndexBarrier barrier = new ReadIndexBarrier(n, timeouts, requestTimeout);
            Lessor lessor =
                    new Lessor(store, leases, proposer, n::isLeader, LeaseIds.forMember(b.memberId, clock.instant()));
            lateLessor.set(lessor);
            Reconfiguration ops = new Reconfiguration(
                    membership,
                    MembershipSettings.from(config),
                    cluster,
                    cluster,
                    new LeaderPromoteForwarder(n, membership, requestTimeout),
                    barrier,
                    cluster,
                    clock);
            PeerServer peerServer;
            try {
                peerServer = PeerServer.start(config, new NodePeerInbox(n, membership, () -> b.clusterId), clock);
            } catch (IOException e) {
                throw new StartupException("cannot serve peer traffic: " + e.getMessage(), e);
            }
            n.startTicking();
            return new RaftMember(
                    b.memberId,
                    b.clusterId,
                    n,
                    lessor,
                    new RpcContext.Raft(cluster, ops, n::term, requestTimeout),
                    proposer,
                    barrier,
                    applier,
                    wal,
                    t,
                    peerServer,
                    membership,
                    cluster,
                    requestTimeout);
        } catch (StartupException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            if (transport != null) {
                transport.close();
            }
            wal.close();
            if (e instanceof StartupException se) {
                throw se;
            }
            throw new StartupException("cannot start raft: " + e, e);
        }
    }

    /**
     * Proposes this member's name and client URLs (etcd's publish); completes once applied here.
     * Retried until applied: without a quorum it waits for one, as etcd does.
     */
    CompletableFuture<Void> publish(String name, List<String> clientUrls) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attemptPublish(name, clientUrls, done);
        return done;
    }

    private void attemptPublish(String name, List<String> clientUrls, CompletableFuture<Void> done) {
        ReplicatedRequest request = ReplicatedRequest.newBuilder()
                .setMemberAttributes(MemberAttributes.newBuilder()
                        .setMemberId(memberId)
                        .setName(name)
                        .addAllClientUrls(clientUrls))
                .build();
        proposer.propose(request).whenComplete((applied, failure) -> {
            if (failure == null) {
                done.complete(null);
            } else if (!node.stopped().isDone()) {
                log.warn("failed to publish local member to cluster through raft: {}", failure.toString());
                attemptPublish(name, clientUrls, done);
            } else {
                done.completeExceptionally(failure);
            }
        });
    }

    /**
     * etcd's leadership transfer on a graceful stop: when this member leads and another voter is
     * connected, hands leadership to the one {@link StopTransfer#choose} picks and waits until this
     * member sees it lead, at most etcd's request timeout or {@code limit}, whichever is shorter.
     * Logs what it did; a failed or timed-out transfer is logged and the stop goes on. Call it while
     * the peer transport still runs, before {@link #close}.
     */
    void transferLeadershipForStop(Duration limit) {
        StopTransfer decision = StopTransfer.choose(membership.current(), cluster.status());
        switch (decision) {
            case StopTransfer.Skip skip -> log.info("skipped leadership transfer; {}", skip.reason());
            case StopTransfer.To to -> transfer(to, requestTimeout.compareTo(limit) < 0 ? requestTimeout : limit);
        }
    }

    private void transfer(StopTransfer.To to, Duration timeout) {
        String from = ClusterIds.hex(memberId);
        String target = ClusterIds.hex(to.transferee());
        log.info(
                "leader is stopping; transferring leadership from {} to {} (match index {}, timeout {})",
                from,
                target,
                to.matchIndex(),
                GoDuration.format(timeout));
        long start = Ticker.system().nanos();
        try {
            // the transfer's own timer fails the future after timeout; the extra second only
            // guards against a timer that never runs
            cluster.transferLeadership(to.transferee(), timeout)
                    .get(timeout.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
            log.info(
                    "leadership transferred from {} to {} in {}",
                    from,
                    target,
                    GoDuration.format(Duration.ofNanos(Ticker.system().nanos() - start)));
        } catch (ExecutionException e) {
            log.warn(
                    "leadership transfer from {} to {} failed: {}; stopping anyway",
                    from,
                    target,
                    String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
        } catch (TimeoutException e) {
            log.warn("leadership transfer from {} to {} timed out; stopping anyway", from, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("leadership transfer from {} to {} interrupted; stopping anyway", from, target);
        }
    }

    @Override
    public void close() {
        peerServer.close();
        node.close();
        transport.close();
        wal.close();
    }

    /** What the bootstrap decided. */
    private record Bootstrap(
            long memberId, long clusterId, List<Peer> peers, List<ClusterMember> known, MemberSet restored) {}

    private static Bootstrap bootstrap(ServerConfig config, MvccStore store, RaftLogStore wal, Path memberDir)
            throws StartupException {
        ClusterBootstrap cb = config.cluster();
        try {
            if (!RaftNode.isEmpty(wal)) {
                long[] ids = readIds(memberDir, config);
                MemberSet restored;
                try (ReadView view = store.read()) {
                    restored = ClusterRecords.restore(view.clusterRecords());
                }
                log.info(
                        "restarting local member {} in cluster {} from its raft log",
                        ClusterIds.hex(ids[0]),
                        ClusterIds.hex(ids[1]));
                return new Bootstrap(ids[0], ids[1], List.of(), restored.members(), restored);
            }
            if (store.appliedIndex() > 0) {
                throw new StartupException("the store in " + memberDir + " has applied entries up to "
                        + store.appliedIndex() + " but there is no raft log in " + memberDir.resolve("wal")
                        + ": a data dir written before raft cannot be opened");
            }
            Bootstrap b;
            if (cb.state() == ClusterBootstrap.State.NEW) {
                BootstrapPlan.NewCluster plan = BootstrapPlans.newCluster(config.name(), cb);
                b = new Bootstrap(plan.localId(), plan.clusterId(), plan.peers(), plan.members(), MemberSet.EMPTY);
            } else {
                List<String> urls = BootstrapPlans.remotePeerUrls(config.name(), cb);
                MembersResponse answer;
                if (urls.isEmpty()) {
                    throw new StartupException(BootstrapPlans.FETCH_FAILED);
                }
                try {
                    answer = PeerTransport.fetchMembers(urls, PeerSecurity.from(config), FETCH_TIMEOUT);
                } catch (IOException e) {
                    throw new StartupException(BootstrapPlans.FETCH_FAILED, e);
                }
                BootstrapPlan.Join plan = BootstrapPlans.join(config.name(), cb, answer);
                b = new Bootstrap(plan.localId(), plan.clusterId(), List.of(), plan.existing(), MemberSet.EMPTY);
            }
            writeIds(memberDir, b.memberId, b.clusterId);
            return b;
        } catch (BootstrapException e) {
            throw new StartupException(String.valueOf(e.getMessage()), e);
        }
    }

    /** The IDs stored at first start (a joined member's ID is not derivable from its flags). */
    private static long[] readIds(Path memberDir, ServerConfig config) throws StartupException {
        Path file = memberDir.resolve(IDS_FILE);
        if (!Files.exists(file)) {
            return new long[] {config.memberId(), config.clusterId()};
        }
        try {
            String[] parts =
                    Files.readString(file, StandardCharsets.UTF_8).strip().split("\\s+");
            return new long[] {Long.parseUnsignedLong(parts[0], 16), Long.parseUnsignedLong(parts[1], 16)};
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot read " + file + ": " + e, e);
        }
    }

    private static void writeIds(Path memberDir, long memberId, long clusterId) throws StartupException {
        Path file = memberDir.resolve(IDS_FILE);
        Path tmp = memberDir.resolve(IDS_FILE + ".tmp");
        try {
            Files.writeString(tmp, ClusterIds.hex(memberId) + " " + ClusterIds.hex(clusterId) + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StartupException("cannot write " + file + ": " + e, e);
        }
    }

    private static RaftLogStore openWal(Path dir) throws StartupException {
        try {
            return RaftLogStore.open(dir);
        } catch (RuntimeException e) {
            throw new StartupException("cannot open the raft log at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A value set once after construction, for the callbacks that must exist before it. */
    private static final class Late<T> {
        private volatile @Nullable T value;

        void set(T v) {
            value = v;
        }

        void ifSet(java.util.function.Consumer<T> action) {
            T v = value;
            if (v != null) {
                action.accept(v);
            }
        }
    }
}
