package dev.cairn.raft.sim;

import static dev.cairn.raft.sim.Op.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-made register histories, linearizable and not, and generated ones that must pass. */
class LinearizabilityCheckerTest {

    private static Op w(String key, long value, long invoke, long response) {
        return Op.write(1, key, value, invoke, response);
    }

    private static Op r(String key, long value, long invoke, long response) {
        return Op.read(2, key, value, invoke, response);
    }

    static Stream<Arguments> linearizable() {
        return Stream.of(
                Arguments.of("empty history", List.of()),
                Arguments.of("read of the initial absent value", List.of(r("a", 0, 1, 2))),
                Arguments.of("write then read", List.of(w("a", 1, 1, 2), r("a", 1, 3, 4))),
                Arguments.of(
                        "read concurrent with a write sees the old value", List.of(w("a", 1, 1, 5), r("a", 0, 2, 3))),
                Arguments.of(
                        "read concurrent with a write sees the new value", List.of(w("a", 1, 1, 5), r("a", 1, 2, 3))),
                Arguments.of("touching intervals count as concurrent", List.of(w("a", 1, 1, 3), r("a", 0, 3, 4))),
                Arguments.of(
                        "concurrent writes take effect in either order",
                        List.of(w("a", 1, 0, 10), w("a", 2, 1, 11), r("a", 2, 12, 13), r("a", 2, 14, 15))),
                Arguments.of(
                        "the search must delay a write to place an early read",
                        List.of(w("a", 1, 0, 10), w("a", 2, 1, 11), r("a", 1, 2, 3), r("a", 2, 12, 13))),
                Arguments.of(
                        "a pending write seen by a read took effect",
                        List.of(w("a", 1, 1, PENDING), r("a", 1, 5, 6), r("a", 1, 7, 8))),
                Arguments.of(
                        "a pending write nobody saw may never take effect",
                        List.of(w("a", 1, 1, PENDING), r("a", 0, 5, 6))),
                Arguments.of(
                        "a pending write may take effect long after its invocation",
                        List.of(w("a", 1, 1, PENDING), w("a", 2, 3, 4), r("a", 2, 5, 6), r("a", 1, 7, 8))),
                Arguments.of(
                        "keys are independent",
                        List.of(w("a", 1, 1, 2), w("b", 2, 3, 4), r("a", 1, 5, 6), r("b", 2, 5, 6))));
    }

    static Stream<Arguments> notLinearizable() {
        return Stream.of(
                Arguments.of("stale read after an acknowledged write", List.of(w("a", 1, 1, 2), r("a", 0, 3, 4))),
                Arguments.of(
                        "read of an overwritten value", List.of(w("a", 1, 1, 2), w("a", 2, 3, 4), r("a", 1, 5, 6))),
                Arguments.of("read sees a write before it was issued", List.of(r("a", 1, 1, 2), w("a", 1, 3, 4))),
                Arguments.of("read of a value never written", List.of(w("a", 1, 1, 2), r("a", 7, 3, 4))),
                Arguments.of(
                        "two reads disagree on the order of concurrent writes",
                        List.of(w("a", 1, 0, 10), w("a", 2, 1, 11), r("a", 1, 12, 13), r("a", 2, 14, 15))),
                Arguments.of(
                        "new value then old value in sequence",
                        List.of(w("a", 1, 0, 10), r("a", 1, 2, 3), r("a", 0, 4, 5))),
                Arguments.of(
                        "a pending write seen, then unseen",
                        List.of(w("a", 1, 1, PENDING), r("a", 1, 5, 6), r("a", 0, 7, 8))),
                Arguments.of(
                        "one bad key among good ones",
                        List.of(w("a", 1, 1, 2), r("a", 1, 3, 4), w("b", 2, 1, 2), r("b", 0, 3, 4))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linearizable")
    void acceptsLinearizableHistories(String name, List<Op> history) {
        assertThat(LinearizabilityChecker.check(history).linearizable())
                .as(name)
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notLinearizable")
    void rejectsNonLinearizableHistories(String name, List<Op> history) {
        LinearizabilityChecker.Verdict verdict = LinearizabilityChecker.check(history);
        assertThat(verdict.linearizable()).as(name).isFalse();
        assertThat(verdict.explanation()).startsWith("key ");
    }

    @Test
    void theExplanationNamesTheOperationThatCouldNotBePlaced() {
        LinearizabilityChecker.Verdict verdict =
                LinearizabilityChecker.check(List.of(w("a", 1, 1, 2), w("a", 2, 3, 4), r("a", 1, 5, 6)));
        assertThat(verdict.explanation()).contains("read a=1").contains("returned before it could take effect");
    }

    @Test
    void duplicateWriteValuesAreRejected() {
        assertThatThrownBy(() -> LinearizabilityChecker.check(List.of(w("a", 1, 1, 2), w("a", 1, 3, 4))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 40).boxed();
    }

    /**
     * Histories generated from a real register: each operation takes effect at a random instant
     * inside its interval, several clients at once, some writes never answered. They must pass;
     * and replacing one read's value by a value the register never held at any instant of the
     * read's interval must fail.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void generatedHistories(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> history = new ArrayList<>();
        long[] valueAt = new long[4001]; // valueAt[t] = the register after every effect at instants <= t
        List<long[]> effects = new ArrayList<>(); // {instant, value} of writes, in instant order
        long nextValue = 1;
        int clients = 2 + random.nextInt(4);
        long[] clientFree = new long[clients];
        record PlannedRead(int client, long invoke, long at, long response) {}
        List<PlannedRead> reads = new ArrayList<>();
        for (int step = 0; step < 150; step++) {
            int c = random.nextInt(clients);
            long invoke = clientFree[c] + 1 + random.nextInt(5);
            long at = invoke + random.nextInt(8);
            long response = at + 1 + random.nextInt(8);
            if (response >= 3900) {
                break;
            }
            clientFree[c] = response;
            if (random.nextInt(3) == 0) {
                long v = nextValue++;
                effects.add(new long[] {at, v});
                boolean answered = random.nextInt(10) != 0;
                history.add(Op.write(c, "k", v, invoke * 10, answered ? response * 10 : PENDING));
            } else {
                reads.add(new PlannedRead(c, invoke, at, response));
            }
        }
        effects.sort((x, y) -> Long.compare(x[0], y[0]));
        int next = 0;
        long current = 0;
        for (int t = 0; t < valueAt.length; t++) {
            while (next < effects.size() && effects.get(next)[0] == t) {
                current = effects.get(next)[1];
                next++;
            }
            valueAt[t] = current;
        }
        // Reads take effect just after the writes at the same instant; stamps * 10 + 5 keep that.
        List<Op> readOps = new ArrayList<>();
        for (PlannedRead pr : reads) {
            readOps.add(
                    Op.read(pr.client(), "k", valueAt[(int) pr.at()], pr.invoke() * 10 + 5, pr.response() * 10 + 5));
        }
        history.addAll(readOps);
        assertThat(LinearizabilityChecker.check(history).explanation()).isEqualTo("linearizable");

        Op victim = null;
        Op stale = null;
        for (Op read : readOps) {
            for (Op w1 : history) {
                for (Op w2 : history) {
                    if (victim == null
                            && w1.kind() == Op.Kind.WRITE
                            && w2.kind() == Op.Kind.WRITE
                            && w1.response() < w2.invoke()
                            && w2.response() < read.invoke()) {
                        victim = read;
                        stale = w1;
                    }
                }
            }
        }
        assertThat(victim).as("a read that follows two sequential writes").isNotNull();
        if (victim != null && stale != null) {
            // stale was overwritten by a write that ended before the read began: it cannot be read.
            List<Op> broken = new ArrayList<>(history);
            broken.set(
                    broken.indexOf(victim),
                    Op.read(victim.client(), "k", stale.value(), victim.invoke(), victim.response()));
            assertThat(LinearizabilityChecker.check(broken).linearizable())
                    .as("%s changed to read %d", victim, stale.value())
                    .isFalse();
        }
    }
}
