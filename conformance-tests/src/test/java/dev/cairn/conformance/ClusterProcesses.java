package dev.cairn.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.proto.etcdserverpb.StatusResponse;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A cluster of etcd or bin/cairn processes started with etcd's clustering flags: members
 * {@code m0..m<n-1>} on free loopback ports, {@code --initial-cluster-state new}, a shared
 * {@code --initial-cluster-token}, short heartbeat and election timers, optionally
 * {@code --auto-tls} and {@code --peer-auto-tls}. Readiness is polled over each member's client
 * port (Maintenance.Status until it names a leader) with a bounded deadline; a member that exits
 * while the cluster starts fails at once with its log tail.
 *
 * <p>Cairn variants of the cluster tests run only with {@code -Dcluster.cairn=true} (see {@link
 * #targets()}); etcd variants always run.
 *
 * <p>Not thread-safe: one test thread drives it; writer threads may use members' channels.
 */
final class ClusterProcesses implements AutoCloseable {
    static final Duration READY_DEADLINE = Duration.ofSeconds(Long.getLong("cluster.readySeconds", 60));
    private static final Duration POLL_RPC_DEADLINE = Duration.ofMillis(1000);
    private static final long POLL_PAUSE_MILLIS = 50;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** How a cluster is started. */
    record Options(
            int size,
            int heartbeatMillis,
            int electionMillis,
            boolean clientAutoTls,
            boolean peerAutoTls,
            String token) {
        static Options defaults(int size) {
            return new Options(size, 50, 500, false, false, "cairn-cluster-test");
        }

        Options withAutoTls() {
            return new Options(size, heartbeatMillis, electionMillis, true, true, token);
        }
    }

    private final Target target;
    private final Options options;
    private final String label;
    private final Path root;
    private final Map<String, ClusterMember> members = new LinkedHashMap<>();

    private ClusterProcesses(Target target, Options options, String label, Path root) {
        this.target = target;
        this.options = options;
        this.label = label;
        this.root = root;
    }

    /**
     * The targets the cluster tests run against: etcd always; Cairn too, but its variants skip
     * (see {@link #assumeEnabled}) unless {@code -Dcluster.cairn=true}. Filtered by
     * {@code -Dconformance.targets} as elsewhere.
     */
    static Stream<Target> targets() {
        return Target.selected().stream();
    }

    /** Skips a Cairn variant unless {@code -Dcluster.cairn=true}. */
    static void assumeEnabled(Target target) {
        if (target == Target.CAIRN) {
            assumeTrue(
                    Boolean.getBoolean("cluster.cairn"),
                    "Cairn cluster variants are off until Cairn's raft cluster lands: run with"
                            + " -Dcluster.cairn=true (or set <cluster.cairn>true</cluster.cairn> in"
                            + " conformance-tests/pom.xml)");
        }
    }

    /** Starts {@code options.size()} members and waits until every one answers and knows a leader. */
    static ClusterProcesses start(Target target, String label, Options options) {
        String name =
                target.lowerName() + "-" + label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + SEQUENCE.incrementAndGet();
        Path root;
        try {
            root = Files.createTempDirectory(ServerProcess.scratchRoot(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClusterProcesses cluster = new ClusterProcesses(target, options, name, root);
        try {
            int[] ports = ServerProcess.freePorts(2 * options.size());
            List<String> initial = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                initial.add("m" + i + "=" + ClusterMember.peerUrl(options, ports[2 * i + 1]));
            }
            String initialCluster = String.join(",", initial);
            for (int i = 0; i < options.size(); i++) {
                cluster.add("m" + i, ports[2 * i], ports[2 * i + 1], initialCluster, "new");
            }
            cluster.members.values().forEach(ClusterMember::launch);
            cluster.awaitReady();
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private ClusterMember add(String name, int clientPort, int peerPort, String initialCluster, String state) {
        Path dataDir = root.resolve(name);
        ClusterMember member =
                new ClusterMember(target, options, label, name, clientPort, peerPort, dataDir, initialCluster, state);
        members.put(name, member);
        return member;
    }

    Target target() {
        return target;
    }

    Options options() {
        return options;
    }

    /** Every member ever started, in start order (killed and removed ones included). */
    List<ClusterMember> members() {
        return List.copyOf(members.values());
    }

    /** Members whose process runs. */
    List<ClusterMember> running() {
        return members.values().stream().filter(ClusterMember::isAlive).toList();
    }

    ClusterMember member(String name) {
        ClusterMember m = members.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no member " + name + " in " + members.keySet());
        }
        return m;
    }

    /** Comma-separated client URLs of the given members, for etcdctl's {@code --endpoints}. */
    static String endpoints(List<ClusterMember> of) {
        return of.stream().map(ClusterMember::clientUrl).collect(Collectors.joining(","));
    }

    /** Free ports for a member to be added later: {client, peer}. */
    int[] reservePorts() {
        return ServerProcess.freePorts(2);
    }

    /**
     * Starts a member that {@code etcdctl member add} has just added, with
     * {@code --initial-cluster-state existing} and the initial cluster that member add printed,
     * and waits until it answers and knows the leader.
     */
    ClusterMember startAdded(String name, int[] clientAndPeerPorts, String initialCluster) {
        ClusterMember m = add(name, clientAndPeerPorts[0], clientAndPeerPorts[1], initialCluster, "existing");
        m.launch();
        awaitReady(List.of(m));
        return m;
    }

    /** Waits until every running member answers Status and names a leader. */
    void awaitReady() {
        awaitReady(running());
    }

    private void awaitReady(List<ClusterMember> which) {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        List<ClusterMember> pending = new ArrayList<>(which);
        Map<String, String> last = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            for (ClusterMember m : which) {
                Integer exit = m.exitStatus();
                if (exit != null) {
                    throw new IllegalStateException(
                            m + " exited with " + exit + " while the cluster started\n" + logTails());
                }
            }
            pending.removeIf(m -> {
                try {
                    StatusResponse s = m.status(POLL_RPC_DEADLINE);
                    last.put(m.name(), "leader=" + s.getLeader() + " errors=" + s.getErrorsList());
                    return s.getLeader() != 0;
                } catch (StatusRuntimeException e) {
                    last.put(m.name(), e.getStatus().toString());
                    m.channel().resetConnectBackoff();
                    return false;
                }
            });
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": " + pending + " not ready within " + READY_DEADLINE
                        + " (last answers " + last + ")\n" + logTails());
            }
            pending.get(0).pauseUnlessExited(POLL_PAUSE_MILLIS);
        }
    }

    /** The member the running members agree leads, waiting (bounded) for them to agree. */
    ClusterMember awaitLeader() {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        String last = "";
        while (true) {
            List<ClusterMember> live = running();
            Map<Long, ClusterMember> byId = new LinkedHashMap<>();
            List<Long> leaders = new ArrayList<>();
            for (ClusterMember m : live) {
                try {
                    StatusResponse s = m.status(POLL_RPC_DEADLINE);
                    byId.put(s.getHeader().getMemberId(), m);
                    leaders.add(s.getLeader());
                } catch (StatusRuntimeException e) {
                    leaders.add(-1L);
                }
            }
            last = "leaders named " + leaders + " by " + live;
            if (!leaders.isEmpty() && leaders.stream().distinct().count() == 1 && byId.containsKey(leaders.get(0))) {
                return byId.get(leaders.get(0));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        label + ": no agreed leader within " + READY_DEADLINE + " (" + last + ")\n" + logTails());
            }
            live.get(0).pauseUnlessExited(POLL_PAUSE_MILLIS);
        }
    }

    /** The member ID each running member reports for itself. */
    Map<String, Long> memberIds() {
        Map<String, Long> ids = new LinkedHashMap<>();
        for (ClusterMember m : running()) {
            ids.put(m.name(), m.status(Duration.ofSeconds(10)).getHeader().getMemberId());
        }
        return ids;
    }

    /** Restarts a stopped or killed member on its data directory and waits until it is ready. */
    void restart(ClusterMember m) {
        m.launch();
        awaitReady(List.of(m));
    }

    /** The log tails of every member, for failure messages. */
    String logTails() {
        return members.values().stream().map(ClusterMember::logTail).collect(Collectors.joining("\n"));
    }

    /** Kills every member and removes the data directories. Never throws. */
    @Override
    public void close() {
        members.values().forEach(ClusterMember::close);
        deleteRecursively(root);
    }

    private static void deleteRecursively(@Nullable Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: a scratch directory
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return label + members.values();
    }
}
