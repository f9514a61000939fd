package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.CompactionResponse;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random KV sequences sent in the same order to a fresh etcd and a fresh target; every
 * response must match field by field once {@link Canonical} has removed what may legitimately
 * differ. A difference fails the seed with the op, both answers and a replay command; the run
 * goes on past differences that left both stores equal (both refused, or a read-only op) to
 * report up to ten per seed, and stops at the first one that may have made the stores diverge.
 *
 * <p>{@code -Ddiff.seed=N} runs one seed, {@code -Ddiff.seeds=N} runs N seeds (default 20) from
 * {@code -Ddiff.firstSeed} (default 1),
 * {@code -Ddiff.ops=N} sets the sequence length (default 2000).
 *
 * <p>Undefined sort enum values are the one place where etcd 3.4 is not the reference: 3.4 does
 * not validate them, and an undefined sort target makes it dereference a nil sorter and crash. Ops
 * carrying them are not sent to etcd; the target must answer with etcd 3.6's INVALID_ARGUMENT
 * "etcdserver: invalid sort option". {@code -Ddiff.invalidEnums=false} leaves these ops out.
 */
class DifferentialTest {
    private static final int OPS = Integer.getInteger("diff.ops", 2000);
    private static final boolean INVALID_ENUMS = Boolean.parseBoolean(System.getProperty("diff.invalidEnums", "true"));
    private static final int CONTEXT = 12;
    private static final int MAX_DIFFERENCES = 10;
    private static final KvOp.Outcome INVALID_SORT =
            new KvOp.Outcome.Failed(io.grpc.Status.Code.INVALID_ARGUMENT, "etcdserver: invalid sort option");

    /**
     * {@code diff.seeds} seeds (default 20) from {@code diff.firstSeed} (default 1) for each target. etcd against etcd is a self-check
     * of the generator and of {@link Canonical} (no false differences), so it runs the first
     * {@code diff.selfCheckSeeds} (default 5) seeds only.
     */
    static Stream<Arguments> seeds() {
        String one = System.getProperty("diff.seed");
        long count = Long.getLong("diff.seeds", 20);
        long first = Long.getLong("diff.firstSeed", 1);
        long selfCheck = Math.min(count, Long.getLong("diff.selfCheckSeeds", 5));
        List<Arguments> out = new ArrayList<>();
        for (Target target : Target.selected()) {
            LongStream seeds = one != null
                    ? LongStream.of(Long.parseLong(one))
                    : LongStream.range(first, first + (target == Target.ETCD ? selfCheck : count));
            seeds.forEach(seed -> out.add(Arguments.of(target, seed)));
        }
        return out.stream();
    }

    private record Step(int index, KvOp op, KvOp.Outcome reference, KvOp.Outcome actual) {
        @Override
        public String toString() {
            return "#" + index + " " + op.describe() + "\n    etcd:   " + reference + "\n    target: " + actual;
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void sameResponsesAsEtcd(Target target, long seed) {
        try (Pair servers = Pair.start(target, "diff-seed" + seed)) {
            KvOpGenerator generator = new KvOpGenerator(new SplittableRandom(seed), INVALID_ENUMS);
            Deque<Step> recent = new ArrayDeque<>();
            Map<Kind, int[]> tally = new EnumMap<>(Kind.class);
            Map<String, Integer> mix = new TreeMap<>();
            List<String> differences = new ArrayList<>();
            for (int i = 0; i < OPS; i++) {
                KvOp op = generator.next();
                KvOp.Outcome expected;
                if (KvOpGenerator.hasUndefinedSortEnum(op)) {
                    if (target == Target.ETCD) {
                        continue; // etcd 3.4 would not validate (or would crash): nothing to compare
                    }
                    expected = INVALID_SORT; // the etcd 3.6 contract
                } else {
                    expected = op.execute(servers.reference.channel());
                }
                KvOp.Outcome actual = op.execute(servers.target.channel());
                Step step = new Step(i, op, expected, actual);
                recent.addLast(step);
                if (recent.size() > CONTEXT) {
                    recent.removeFirst();
                }
                KvOp.Outcome want = Canonical.of(op, expected);
                KvOp.Outcome got = Canonical.of(op, actual);
                if (!want.equals(got)) {
                    String report = "seed " + seed + ": op " + i + " of " + OPS + " differs from etcd\n  op:     "
                            + op.describe() + "\n  etcd:   " + expected + "\n  " + target.lowerName() + ": " + actual
                            + "\n(after canonicalisation)\n  etcd:   " + want + "\n  " + target.lowerName() + ": "
                            + got + "\nreplay: -Dit.test=DifferentialTest -Ddiff.seed=" + seed + " -Ddiff.ops="
                            + (i + 1);
                    if (stateStillShared(op, want, got) && differences.size() < MAX_DIFFERENCES) {
                        differences.add(report); // neither store changed: keep going to find more
                    } else {
                        differences.add(report + "\nrecent ops:\n"
                                + String.join(
                                        "\n",
                                        recent.stream().map(Step::toString).toList()));
                        fail(differences.size() + " difference(s); the last one ends the run:\n\n"
                                + String.join("\n\n", differences));
                    }
                }
                tally.computeIfAbsent(Kind.of(op, expected), k -> new int[1])[0]++;
                mix.merge(describeOutcome(op, expected), 1, Integer::sum);
                feedBack(generator, op, expected);
            }
            Transcripts.write(
                    "diff-" + target.lowerName() + "-seed" + seed + "-mix",
                    mix.entrySet().stream()
                            .map(e -> e.getValue() + "\t" + e.getKey())
                            .toList());
            assertThat(servers.target.isAlive())
                    .as("target alive after the run")
                    .isTrue();
            if (!differences.isEmpty()) {
                fail(differences.size() + " difference(s):\n\n" + String.join("\n\n", differences));
            }
            // the generator must reach the interesting cases, or the comparison proves little
            assertThat(tally).as("outcome mix for seed %d: %s", seed, tally).containsKeys(Kind.ERROR, Kind.COMPACTED);
            assertThat(tally.getOrDefault(Kind.WRITE, new int[1])[0]).isGreaterThan(OPS / 4);
        }
    }

    /** What an op did, to check that a sequence covered writes, reads and errors. */
    private enum Kind {
        READ,
        WRITE,
        ERROR,
        COMPACTED;

        static Kind of(KvOp op, KvOp.Outcome outcome) {
            if (outcome instanceof KvOp.Outcome.Failed failed) {
                return failed.description().contains("compacted") ? COMPACTED : ERROR;
            }
            return op instanceof KvOp.Range ? READ : WRITE;
        }
    }

    /**
     * After a difference the run may go on only if both stores are still equal: both servers
     * refused the op, or the op cannot write (a Range, or a Txn without Put or DeleteRange).
     */
    private static boolean stateStillShared(KvOp op, KvOp.Outcome want, KvOp.Outcome got) {
        if (want instanceof KvOp.Outcome.Failed && got instanceof KvOp.Outcome.Failed) {
            return true;
        }
        return switch (op) {
            case KvOp.Range r -> true;
            case KvOp.Txn t -> !KvOpGenerator.writes((TxnRequest) t.request());
            default -> false;
        };
    }

    private static String describeOutcome(KvOp op, KvOp.Outcome outcome) {
        String kind = op.getClass().getSimpleName();
        if (outcome instanceof KvOp.Outcome.Failed f) {
            return kind + " " + f.code() + " " + f.description();
        }
        if (outcome instanceof KvOp.Outcome.Ok ok && ok.response() instanceof TxnResponse t) {
            return kind + (t.getSucceeded() ? " succeeded" : " failed") + " (" + t.getResponsesCount() + " ops)";
        }
        return kind + " ok";
    }

    private static void feedBack(KvOpGenerator generator, KvOp op, KvOp.Outcome outcome) {
        if (!(outcome instanceof KvOp.Outcome.Ok ok)) {
            return;
        }
        long revision = switch (ok.response()) {
            case RangeResponse r -> r.getHeader().getRevision();
            case PutResponse r -> r.getHeader().getRevision();
            case DeleteRangeResponse r -> r.getHeader().getRevision();
            case TxnResponse r -> r.getHeader().getRevision();
            case CompactionResponse r -> r.getHeader().getRevision();
            default -> 0L;
        };
        long compacted = op instanceof KvOp.Compact c ? ((CompactionRequest) c.request()).getRevision() : 0L;
        generator.observe(revision, compacted);
    }

    /** A fresh etcd (reference) and a fresh target, started in parallel. */
    private static final class Pair implements AutoCloseable {
        final ServerProcess reference;
        final ServerProcess target;

        private Pair(ServerProcess reference, ServerProcess target) {
            this.reference = reference;
            this.target = target;
        }

        static Pair start(Target target, String label) {
            CompletableFuture<ServerProcess> ref =
                    CompletableFuture.supplyAsync(() -> ServerProcess.start(Target.ETCD, label + "-reference", null));
            CompletableFuture<ServerProcess> tgt =
                    CompletableFuture.supplyAsync(() -> ServerProcess.start(target, label, null));
            try {
                CompletableFuture.allOf(ref, tgt).join();
            } catch (CompletionException e) {
                if (!ref.isCompletedExceptionally()) {
                    ref.join().close();
                }
                if (!tgt.isCompletedExceptionally()) {
                    tgt.join().close();
                }
                throw e;
            }
            return new Pair(ref.join(), tgt.join());
        }

        @Override
        public void close() {
            try {
                reference.close();
            } finally {
                target.close();
            }
        }
    }
}
