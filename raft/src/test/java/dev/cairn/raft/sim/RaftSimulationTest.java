package dev.cairn.raft.sim;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeded deterministic simulation of Raft clusters (see {@link Simulation}): seeds 1..N with
 * N = {@code -Dsim.seeds} (500 by default), or exactly one with {@code -Dsim.seed=N}. A failing
 * seed's message says how to replay it.
 */
class RaftSimulationTest {
    private static long events;
    private static long messages;
    private static long commits;
    private static int runs;
    private static long terms;
    private static long crashes;
    private static long snapshots;
    private static long confChanges;

    static Stream<Long> seeds() {
        String one = System.getProperty("sim.seed");
        if (one != null) {
            return Stream.of(Long.parseLong(one));
        }
        return LongStream.rangeClosed(1, Integer.getInteger("sim.seeds", 500)).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void clusterStaysSafeAndLinearizable(long seed) {
        Simulation.Outcome outcome = new Simulation(seed).run();
        synchronized (RaftSimulationTest.class) {
            events += outcome.events();
            messages += outcome.sentMessages();
            commits += outcome.maxCommit();
            terms += outcome.leaderTerms();
            crashes += outcome.crashes();
            snapshots += outcome.snapshotsInstalled();
            confChanges += outcome.confChangesApplied();
            runs++;
        }
        if (System.getProperty("sim.seed") != null) {
            System.out.println(outcome);
        }
    }

    @AfterAll
    static void summary() {
        System.out.printf(
                "raft simulation: %d seeds, %d events, %d messages, %d committed entries, %d leader terms, %d crashes,"
                        + " %d snapshots installed from leaders, %d conf changes applied (counted per member)%n",
                runs, events, messages, commits, terms, crashes, snapshots, confChanges);
    }
}
