package dev.cairn.bench.jmh;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH worker thread's own random sequence for picking keys (seeded by the thread's ID, so runs
 * are repeatable for a given thread layout). Owned by one JMH worker thread.
 */
@State(Scope.Thread)
public class KeyPicker {
    private final SplittableRandom random =
            new SplittableRandom(Thread.currentThread().threadId());

    /** A number in [0, bound). */
    int next(int bound) {
        return random.nextInt(bound);
    }
}
