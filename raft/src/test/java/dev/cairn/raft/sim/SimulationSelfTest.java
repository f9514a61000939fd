package dev.cairn.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulation catches what it claims to: a driver with a deliberate bug must fail within the
 * first seeds, for the right reason. (A simulation that never fails proves nothing.)
 */
class SimulationSelfTest {
    private static final int SEEDS = 40;

    @ParameterizedTest
    @EnumSource(
            value = DriverBug.class,
            names = {"NONE"},
            mode = EnumSource.Mode.EXCLUDE)
    void aBuggyDriverIsCaught(DriverBug bug) {
        String expected = switch (bug) {
            case NO_FSYNC -> "durable on only";
            case READ_WITHOUT_READ_INDEX, ACK_ON_PROPOSE -> "not linearizable";
            case NONE -> throw new AssertionError("excluded");
        };
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS && failures.stream().noneMatch(m -> m.contains(expected)); seed++) {
            try {
                new Simulation(seed, bug).run();
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures)
                .as("seeds failing with %s", bug)
                .anySatisfy(m -> assertThat(m).contains(expected));
        assertThat(failures)
                .allSatisfy(m -> assertThat(m)
                        .contains("replay: ./mvnw -o -pl raft test -Dtest=RaftSimulationTest -Dsim.seed="));
    }

    /** A seed replays exactly: the same run twice gives the same counts of everything. */
    @Test
    void aSeedReplaysExactly() {
        for (long seed = 1; seed <= 3; seed++) {
            assertThat(new Simulation(seed).run()).isEqualTo(new Simulation(seed).run());
        }
    }
}
