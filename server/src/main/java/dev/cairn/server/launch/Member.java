package dev.cairn.server.launch;

import dev.cairn.server.config.ClusterIds;
import dev.cairn.server.config.EtcdUrl;
import dev.cairn.server.config.GoDuration;
import dev.cairn.server.config.ServerConfig;
import dev.cairn.server.http.HttpEndpoints;
import dev.cairn.server.http.MemberProbe;
import dev.cairn.server.http.VersionReport;
import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseDriver;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.rpc.RpcContext;
import dev.cairn.server.rpc.RpcServices;
import dev.cairn.server.rpc.Versions;
import dev.cairn.server.time.Ticker;
import dev.cairn.server.watch.WatchHub;
import dev.cairn.server.watch.WatchSettings;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running member: the store and the client listeners, started in {@link #start} and stopped in
 * {@link #close}. Start-up logs the lines etcd's tooling waits for (its e2e suite waits for a line
 * containing {@code enabled capabilities for version} and one containing {@code published};
 * others wait for {@code ready to serve client requests}), printed only once every listener is
 * bound.
 *
 * <p>Thread-safe: {@link #close} may be called from a signal handler, a shutdown hook and the main
 * thread at once; the first call stops everything and the others wait for it to finish.
 */
final class Member implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Member.class);

    /** Election timeouts {@link #start} waits for this member to be published before serving. */
    static final int READY_WAIT = 5;

    /** How long in-flight calls get to finish on shutdown before they are cancelled. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * The longest a stopping leader waits for its leadership transfer. etcd waits its request timeout
     * (5 s + 2 election timeouts, 7 s by default); Cairn waits at most this, so that the transfer,
     * the client grace ({@link #GRACE}) and closing the rest fit in the 10 s that {@code docker stop}
     * allows before it kills. Raft itself abandons a transfer after one election timeout, and a
     * transfer to a connected, caught-up voter takes about one round trip and an election.
     */
    static final Duration STOP_TRANSFER_LIMIT = Duration.ofSeconds(3);

    private final MvccStore store;
    private final LeaseDriver leaseDriver;
    private final WatchHub watchHub;
    private final RaftMember raft;
    private final List<ClientListeners.Listener> listeners;
    private boolean closed; // guarded by this

    private Member(
            MvccStore store,
            LeaseDriver leaseDriver,
            WatchHub watchHub,
            RaftMember raft,
            List<ClientListeners.Listener> listeners) {
        this.store = store;
        this.raft = raft;
        this.leaseDriver = leaseDriver;
        this.watchHub = watchHub;
        this.listeners = listeners;
    }

    /**
     * Opens the store and the raft log, starts the raft node and the peer listeners, waits (at most
     * {@link #READY_WAIT} election timeouts) for this member to publish itself through raft, binds
     * every client URL and logs the start-up lines. A member whose cluster has no quorum yet starts
     * serving without waiting longer; it publishes itself once a quorum forms.
     */
    static Member start(ServerConfig config, InstantSource clock) throws StartupException {
        logConfiguration(config);
        MvccStore store = openStore(config);
        List<ClientListeners.Listener> listeners;
        List<ClientListeners.Listener> metricsListeners;
        LeaseDriver leaseDriver;
        RaftMember raft;
        WatchHub watchHub = WatchHub.start(
                store,
                WatchSettings.etcd(
                        config.limits().maxRequestBytes(), config.tuning().watchProgressNotifyInterval()));
        try {
            LeaseMachine leases = LeaseMachine.recover(
                    store,
                    LeaseConfig.forTimings(
                            config.tuning().heartbeatInterval(), config.tuning().electionTimeout()),
                    Ticker.system());
            raft = RaftMember.start(config, store, leases, clock);
        } catch (StartupException e) {
            watchHub.close();
            store.close();
            throw e;
        } catch (RuntimeException e) {
            watchHub.close();
            store.close();
            throw new StartupException("cannot start raft: " + e, e);
        }
        String memberId = ClusterIds.hex(raft.memberId);
        String clusterId = ClusterIds.hex(raft.clusterId);
        log.info("starting member {} in cluster {}", memberId, clusterId);
        CompletableFuture<Void> published = raft.publish(
                config.name(),
                config.advertiseClientUrls().stream().map(EtcdUrl::text).toList());
        String publishedLine = "published {Name:" + config.name() + " ClientURLs:["
                + config.advertiseClientUrls().stream().map(EtcdUrl::text).collect(Collectors.joining(" "))
                + "]} to cluster " + clusterId;
        boolean publishedInTime = false;
        try {
            published.get(config.tuning().electionTimeout().toMillis() * READY_WAIT, TimeUnit.MILLISECONDS);
            publishedInTime = true;
        } catch (TimeoutException e) {
            log.warn("no quorum yet: serving clients before this member is published");
            var unused = published.thenRun(() -> log.info("{}", publishedLine));
        } catch (ExecutionException e) {
            log.warn("cannot publish this member: {}", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            raft.close();
            watchHub.close();
            store.close();
            throw new StartupException("interrupted while starting", e);
        }
        try {
            List<ServerServiceDefinition> services = RpcServices.bind(new RpcContext(
                    store,
                    raft.clusterId,
                    raft.memberId,
                    config.limits().maxTxnOps(),
                    config.limits().maxRequestBytes(),
                    raft.lessor,
                    watchHub,
                    raft.proposer,
                    raft.barrier,
                    () -> raft.node.applied().get(),
                    raft.raftView));
            HttpEndpoints http = new HttpEndpoints(
                    new MemberProbe(store, raft.memberId),
                    new VersionReport(Versions.SERVER, VersionInfo.CLUSTER_VERSION + ".0", Versions.STORAGE));
            listeners = ClientListeners.start(config, services, http, clock);
            try {
                metricsListeners = ClientListeners.startMetrics(config, http, clock);
            } catch (StartupException | RuntimeException e) {
                listeners.forEach(l -> l.server().shutdownNow());
                throw e;
            }
            leaseDriver = new LeaseDriver(raft.lessor);
            leaseDriver.start();
        } catch (StartupException e) {
            raft.close();
            watchHub.close();
            store.close();
            throw e;
        } catch (RuntimeException e) {
            raft.close();
            watchHub.close();
            store.close();
            throw new StartupException("cannot start the client services: " + e, e);
        }
        log.info("enabled capabilities for version {}", VersionInfo.CLUSTER_VERSION);
        if (publishedInTime) {
            log.info("{}", publishedLine);
        }
        log.info("ready to serve client requests");
        for (ClientListeners.Listener l : listeners) {
            if (l.url().secure()) {
                log.info("serving client requests on {}", l.boundAddress());
            } else {
                log.info("serving insecure client requests on {}, this is strongly discouraged!", l.boundAddress());
            }
        }
        for (ClientListeners.Listener l : metricsListeners) {
            log.info("serving metrics on {}", l.boundAddress());
        }
        List<ClientListeners.Listener> all = new java.util.ArrayList<>(listeners);
        all.addAll(metricsListeners);
        return new Member(store, leaseDriver, watchHub, raft, List.copyOf(all));
    }

    /**
     * First hands raft leadership to another voter when this member leads (as etcd does on a graceful
     * stop; at most {@link #STOP_TRANSFER_LIMIT}, while clients and peers are still served). Then
     * stops the listeners gracefully (bounded by {@link #GRACE}; watch streams are ended at once),
     * then the lease driver (which checkpoints every lease through raft), then the raft member (peer
     * listeners, node, transport, log), then closes the store. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        raft.transferLeadershipForStop(STOP_TRANSFER_LIMIT);
        log.info("closing member; stopping client listeners");
        listeners.forEach(l -> l.server().shutdown());
        // watch streams never end by themselves: end them (UNAVAILABLE, server stopped) so the
        // graceful shutdown does not wait out the grace period
        watchHub.close();
        for (ClientListeners.Listener l : listeners) {
            Server server = l.server();
            try {
                if (!server.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn(
                            "client calls on {} still running after {}; cancelling them",
                            l.url(),
                            GoDuration.format(GRACE));
                    server.shutdownNow();
                    server.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        leaseDriver.close();
        raft.close();
        store.close();
        log.info("closed member");
    }

    private static MvccStore openStore(ServerConfig config) throws StartupException {
        Path memberDir = config.memberDir();
        try {
            createPrivateDirectories(config.dataDir());
            createPrivateDirectories(memberDir);
        } catch (IOException e) {
            throw new StartupException("cannot create data dir " + memberDir + ": " + e, e);
        }
        try {
            MvccStore store = MvccStores.open(memberDir);
            log.info("opened backend at {}", memberDir);
            return store;
        } catch (RuntimeException e) {
            throw new StartupException("cannot open backend at " + memberDir + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} (and parents) with permission 0700, as etcd creates its data dir. */
    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try {
                var perms = Files.getPosixFilePermissions(dir);
                if (!PosixFilePermissions.fromString("rwx------").containsAll(perms)) {
                    log.warn(
                            "directory {} exists with permission {}; the recommended permission is rwx------ to prevent"
                                    + " unprivileged access to the data",
                            dir,
                            PosixFilePermissions.toString(perms));
                }
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing to check
            }
            return;
        }
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    private static void logConfiguration(ServerConfig config) {
        log.info("Cairn Version: {} (etcd Version: {})", VersionInfo.CAIRN_VERSION, VersionInfo.ETCD_VERSION);
        log.info("Java Version: {}", Runtime.version());
        log.info("name = {}", config.name());
        log.info("data dir = {}", config.dataDir());
        log.info("member dir = {}", config.memberDir());
        log.info("heartbeat = {}", GoDuration.format(config.tuning().heartbeatInterval()));
        log.info("election = {}", GoDuration.format(config.tuning().electionTimeout()));
        log.info("snapshot count = {}", config.tuning().snapshotCount());
        log.info("advertise client URLs = {}", join(config.advertiseClientUrls()));
        log.info("listen client URLs = {}", join(config.listenClientUrls()));
        log.info(
                "initial cluster = {} (token {})",
                config.cluster().initialClusterText(),
                config.cluster().token());
        log.info(
                "max request bytes = {}, max txn ops = {}, grpc keepalive min time = {}, interval = {}, timeout = {}",
                config.limits().maxRequestBytes(),
                config.limits().maxTxnOps(),
                GoDuration.format(config.keepalive().minTime()),
                GoDuration.format(config.keepalive().interval()),
                GoDuration.format(config.keepalive().timeout()));
    }

    private static String join(List<EtcdUrl> urls) {
        return urls.stream().map(EtcdUrl::text).collect(Collectors.joining(","));
    }
}
