package dev.cairn.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three members, four writers spread over every member's client port, each recording the puts the
 * cluster acknowledged; the leader is SIGKILLed mid-stream and the writers carry on against the
 * survivors. Checked per round: a write issued after the kill is served within two election
 * timeouts plus a start-up slack (measured from the kill to the first acknowledged write, and
 * written to {@code target/transcripts/cluster-kill-leader-<target>.txt}); a linearizable read on
 * each survivor sees every acknowledged put; once the survivors have
 * applied a fence write, both hold every acknowledged put with its value, nothing that was never
 * attempted, and exactly the same keys, values and revisions; the killed member, restarted on its
 * data directory, catches up to the same state. Several rounds (each killing the current leader)
 * accumulate on one cluster; kill points come from a seed.
 *
 * <p>Switches: {@code -Dcluster.killRounds=N} (default 3), {@code -Dcluster.seed=N} (default 1),
 * {@code -Dcluster.failoverSlackMillis=N} (default 5000: process scheduling on a loaded 2-core
 * machine, not the protocol), {@code -Dcluster.cairn=true} to run the Cairn variant.
 */
class ClusterKillLeaderTest {
    private static final int ROUNDS = Integer.getInteger("cluster.killRounds", 3);
    private static final long SEED = Long.getLong("cluster.seed", 1);
    private static final long SLACK_MILLIS = Long.getLong("cluster.failoverSlackMillis", 5000);
    private static final int WRITERS = 4;
    private static final int ACKS_AFTER_KILL = 150;
    private static final long PUT_DEADLINE_MILLIS = 3000;
    private static final long STEP_DEADLINE_SECONDS = 60;

    @ParameterizedTest
    @MethodSource("dev.cairn.conformance.ClusterProcesses#targets")
    void acknowledgedWritesSurviveKillingTheLeader(Target target) throws Exception {
        ClusterProcesses.assumeEnabled(target);
        ClusterProcesses.Options options = ClusterProcesses.Options.defaults(3);
        long boundMillis = 2L * options.electionMillis() + SLACK_MILLIS;
        WriteLedger ledger = new WriteLedger();
        List<String> summary = new ArrayList<>();
        List<Long> failovers = new ArrayList<>();
        try (ClusterProcesses cluster = ClusterProcesses.start(target, "kill-leader", options)) {
            Random random = new Random(SEED);
            for (int round = 1; round <= ROUNDS; round++) {
                int killAfter = 150 + random.nextInt(300);
                long failover = round(cluster, ledger, round, killAfter, summary);
                failovers.add(failover);
                assertThat(failover)
                        .as(
                                "round %d: ms from SIGKILL of the leader to the first acknowledged write (bound: 2 x"
                                        + " election timeout %d ms + slack %d ms)\n%s",
                                round, options.electionMillis(), SLACK_MILLIS, String.join("\n", summary))
                        .isLessThanOrEqualTo(boundMillis);
            }
        } finally {
            summary.add("failover ms per round: " + failovers + " (seed " + SEED + ")");
            Transcripts.write("cluster-kill-leader-" + target.lowerName(), summary);
        }
    }

    /**
     * A follower stopped with SIGTERM exits with the status its target promises, the other two
     * keep serving writes, and the follower restarted on its data directory catches up.
     */
    @ParameterizedTest
    @MethodSource("dev.cairn.conformance.ClusterProcesses#targets")
    void followerStoppedWithSigtermCatchesUp(Target target) {
        ClusterProcesses.assumeEnabled(target);
        WriteLedger ledger = new WriteLedger();
        try (ClusterProcesses cluster =
                ClusterProcesses.start(target, "sigterm-follower", ClusterProcesses.Options.defaults(3))) {
            ClusterMember leader = cluster.awaitLeader();
            ClusterMember follower = cluster.running().stream()
                    .filter(m -> m != leader)
                    .findFirst()
                    .orElseThrow();
            putEach(cluster.running(), "before/", 100, ledger);
            assertThat(follower.stop())
                    .as("exit status of %s after SIGTERM\n%s", follower, follower.logTail())
                    .isEqualTo(target.exitCodeAfterSigterm());
            putEach(cluster.running(), "during/", 100, ledger);
            cluster.restart(follower);
            Map<String, ClusterState.Kv> state = converged(cluster.running(), "fence/sigterm", ledger);
            assertThat(ledger.problems(state)).as("after %s rejoined", follower).isEmpty();
            assertThat(state).hasSize(201);
        }
    }

    /** {@code n} puts, one at a time, round robin over {@code members}; each must be acknowledged. */
    private static void putEach(List<ClusterMember> members, String prefix, int n, WriteLedger ledger) {
        for (int i = 0; i < n; i++) {
            String key = prefix + i;
            ClusterMember m = members.get(i % members.size());
            ledger.attempt(key, "x" + i);
            KVGrpc.newBlockingStub(m.channel())
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .put(PutRequest.newBuilder()
                            .setKey(bytes(key))
                            .setValue(bytes("x" + i))
                            .build());
            ledger.ack(key, "x" + i);
        }
    }

    /** One round; returns the milliseconds from the kill to the first acknowledged write. */
    private static long round(
            ClusterProcesses cluster, WriteLedger ledger, int round, int killAfter, List<String> summary)
            throws InterruptedException {
        ClusterMember leader = cluster.awaitLeader();
        List<ClusterMember> all = cluster.running();
        List<ClusterMember> survivors = all.stream().filter(m -> m != leader).toList();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        long failoverMillis;
        int acksAtKill;
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> write(all, round, writer, ledger, stop)));
            }
            ledger.awaitAcks(ledger.ackCount() + killAfter, STEP_DEADLINE_SECONDS, "round " + round + " before kill");
            acksAtKill = ledger.ackCount();
            long killedAt = System.nanoTime();
            leader.kill9();
            failoverMillis = TimeUnit.NANOSECONDS.toMillis(probe(survivors, round, ledger) - killedAt);
            ledger.awaitAcks(acksAtKill + ACKS_AFTER_KILL, STEP_DEADLINE_SECONDS, "round " + round + " after kill");
            stop.set(true);
            for (Future<?> f : writers) {
                try {
                    f.get(STEP_DEADLINE_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("writer crashed", e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("writer did not stop", e);
                }
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            pool.awaitTermination(STEP_DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
        ClusterMember newLeader = cluster.awaitLeader();
        assertThat(newLeader).as("the new leader is a survivor").isNotSameAs(leader);

        for (ClusterMember s : survivors) {
            assertThat(ledger.problems(ClusterState.linearizable(s)))
                    .as("round %d: linearizable read on %s after the writers stopped", round, s)
                    .isEmpty();
        }
        Map<String, ClusterState.Kv> onSurvivors = converged(survivors, "fence/r" + round + "/survivors", ledger);
        assertThat(ledger.problems(onSurvivors))
                .as("round %d: survivors %s against %d acknowledged puts", round, survivors, ledger.ackCount())
                .isEmpty();

        cluster.restart(leader);
        Map<String, ClusterState.Kv> afterRejoin = converged(cluster.running(), "fence/r" + round + "/rejoin", ledger);
        assertThat(ledger.problems(afterRejoin))
                .as("round %d: %s after rejoining", round, leader)
                .isEmpty();
        summary.add("round " + round + ": killed leader " + leader.name() + " after " + acksAtKill
                + " acks; first write after the kill acknowledged in " + failoverMillis + " ms; new leader "
                + newLeader.name() + "; acked puts " + ledger.ackCount() + " of " + ledger.attemptCount()
                + " attempted; keys on the survivors " + onSurvivors.size() + ", after " + leader.name()
                + " rejoined " + afterRejoin.size());
        return failoverMillis;
    }

    private static Map<String, ClusterState.Kv> converged(
            List<ClusterMember> members, String fenceKey, WriteLedger ledger) {
        ledger.attempt(fenceKey, "fence");
        Map<String, ClusterState.Kv> state = ClusterState.converged(members, fenceKey, "fence");
        ledger.ack(fenceKey, "fence");
        return state;
    }

    /**
     * One writer: unique keys, starting on member {@code writer % n}; any failure moves it to the
     * next member (the one it used may be dead, or may have lost its leader).
     */
    private static void write(
            List<ClusterMember> members, int round, int writer, WriteLedger ledger, AtomicBoolean stop) {
        int at = writer % members.size();
        for (int i = 0; !stop.get(); i++) {
            String key = "r" + round + "/w" + writer + "/" + i;
            String value = "v" + SEED + "-" + key;
            ledger.attempt(key, value);
            try {
                KVGrpc.newBlockingStub(members.get(at).channel())
                        .withDeadlineAfter(PUT_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                        .put(PutRequest.newBuilder()
                                .setKey(bytes(key))
                                .setValue(bytes(value))
                                .build());
                ledger.ack(key, value);
            } catch (StatusRuntimeException e) {
                at = (at + 1) % members.size();
            }
        }
    }

    /**
     * Puts probe keys against the survivors, round robin, each with a short deadline (a member that still believes in the dead leader forwards to it and never hears
     * back), until one is acknowledged; returns System.nanoTime() of that acknowledgement.
     */
    private static long probe(List<ClusterMember> survivors, int round, WriteLedger ledger) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_DEADLINE_SECONDS);
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            ClusterMember m = survivors.get(attempt % survivors.size());
            String key = "probe/r" + round + "/" + attempt;
            ledger.attempt(key, "p");
            // short attempts while a new leader is expected, so the figure is not rounded up by much
            long perAttempt = attempt < 25 ? 200 : attempt < 35 ? 1000 : 5000;
            try {
                KVGrpc.newBlockingStub(m.channel())
                        .withDeadlineAfter(perAttempt, TimeUnit.MILLISECONDS)
                        .put(PutRequest.newBuilder()
                                .setKey(bytes(key))
                                .setValue(bytes("p"))
                                .build());
                long at = System.nanoTime();
                ledger.ack(key, "p");
                return at;
            } catch (StatusRuntimeException e) {
                failures.add(m.name() + ": " + e.getStatus());
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no write acknowledged within " + STEP_DEADLINE_SECONDS
                            + " s after killing the leader: " + failures);
                }
                m.pauseUnlessExited(10);
            }
        }
    }

    static ByteString bytes(String s) {
        return ByteString.copyFrom(s, UTF_8);
    }

    /** Every put attempted and every put acknowledged, by key. Thread-safe. */
    static final class WriteLedger {
        private final Map<String, String> attempted = new ConcurrentHashMap<>();
        private final Map<String, String> acked = new ConcurrentHashMap<>();
        private final Object lock = new Object();

        void attempt(String key, String value) {
            attempted.put(key, value);
        }

        void ack(String key, String value) {
            acked.put(key, value);
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        int ackCount() {
            return acked.size();
        }

        int attemptCount() {
            return attempted.size();
        }

        /** Blocks until {@code count} puts are acknowledged, or fails after {@code seconds}. */
        void awaitAcks(int count, long seconds, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (lock) {
                while (acked.size() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError(what + ": " + acked.size() + " of " + count
                                + " acknowledged puts within " + seconds + " s");
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            }
        }

        /** What a member's state contradicts: lost acknowledged puts, wrong values, phantom keys. */
        List<String> problems(Map<String, ClusterState.Kv> state) {
            List<String> out = new ArrayList<>();
            acked.forEach((key, value) -> {
                ClusterState.Kv kv = state.get(key);
                if (kv == null) {
                    out.add("lost acknowledged put " + key + "=" + value);
                } else if (!kv.value().equals(value)) {
                    out.add("acknowledged put " + key + "=" + value + " reads back as " + kv.value());
                }
            });
            state.forEach((key, kv) -> {
                String tried = attempted.get(key);
                if (tried == null) {
                    out.add("key never written by the test: " + key + "=" + kv.value());
                } else if (!tried.equals(kv.value())) {
                    out.add("key " + key + " holds " + kv.value() + ", the test wrote " + tried);
                }
            });
            return out.size() > 50 ? out.subList(0, 50) : out;
        }
    }
}
