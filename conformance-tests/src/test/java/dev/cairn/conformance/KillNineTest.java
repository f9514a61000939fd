package dev.cairn.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.proto.mvccpb.KeyValue;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrent writers put unique keys (single Puts, and Txns that create two keys together) while
 * the server is SIGKILLed; after a restart on the same data directory every acknowledged write
 * must be there with its value and mod_revision, and no Txn may be half applied. Several rounds
 * accumulate on one data directory.
 */
class KillNineTest {
    private static final int ROUNDS = Integer.getInteger("kill9.rounds", 3);
    private static final int WRITERS = 4;
    private static final int MAX_WRITES_PER_WRITER = 20_000;
    private static final long ROUND_DEADLINE_SECONDS = 30;

    static Stream<Target> targets() {
        return Target.selected().stream();
    }

    /** A write the server acknowledged: the key must hold {@code value} at {@code revision}. */
    private record Ack(String key, String value, long revision) {}

    /** The two keys one Txn creates together. */
    private record Pair(String first, String second) {}

    private static final class Ledger {
        final Map<String, Ack> acked = new ConcurrentHashMap<>();
        final Map<String, String> attempted = new ConcurrentHashMap<>();
        final Map<Pair, Long> ackedPairs = new ConcurrentHashMap<>();
        final Set<Pair> attemptedPairs = ConcurrentHashMap.newKeySet();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void acknowledgedWritesSurviveKill9(Target target) throws Exception {
        Ledger ledger = new Ledger();
        List<String> summary = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(target, "kill9", null)) {
            long lastRevision = 1;
            for (int round = 1; round <= ROUNDS; round++) {
                int killAfter = 400 * round;
                writeUntilKilled(server, round, killAfter, ledger);
                assertThat(server.isAlive()).isFalse();
                server.restart();
                lastRevision = verify(server.channel(), ledger, lastRevision, round);
                summary.add("round " + round + ": acked puts=" + ledger.acked.size() + " acked txns="
                        + ledger.ackedPairs.size() + " attempted puts=" + ledger.attempted.size()
                        + " attempted txns=" + ledger.attemptedPairs.size() + " revision after restart="
                        + lastRevision);
            }
            Transcripts.write("kill9-" + target.lowerName(), summary);
            server.stop();
        }
    }

    /** Starts the writers, SIGKILLs the server after {@code killAfter} acks, then joins them. */
    private static void writeUntilKilled(ServerProcess server, int round, int killAfter, Ledger ledger)
            throws InterruptedException {
        CountDownLatch enough = new CountDownLatch(killAfter);
        AtomicInteger acks = new AtomicInteger();
        ManagedChannel channel = server.channel();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> write(channel, round, writer, ledger, enough, acks)));
            }
            boolean reached = enough.await(ROUND_DEADLINE_SECONDS, TimeUnit.SECONDS);
            server.kill9();
            for (Future<?> f : writers) {
                try {
                    f.get(ROUND_DEADLINE_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("writer crashed", e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("writer did not stop after the kill", e);
                }
            }
            assertThat(reached)
                    .as("round %d: %d acks before the deadline (got %d)", round, killAfter, acks.get())
                    .isTrue();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(ROUND_DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** One writer: Puts and two-key Txns of unique keys until the server goes away. */
    private static void write(
            ManagedChannel channel, int round, int writer, Ledger ledger, CountDownLatch enough, AtomicInteger acks) {
        KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(channel);
        for (int i = 0; i < MAX_WRITES_PER_WRITER; i++) {
            String base = "r" + round + "/w" + writer + "/" + i;
            try {
                if (i % 3 == 2) {
                    Pair pair = new Pair(base + "/a", base + "/b");
                    ledger.attemptedPairs.add(pair);
                    TxnResponse r = kv.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .txn(TxnRequest.newBuilder()
                                    .addCompare(Compare.newBuilder()
                                            .setTarget(Compare.CompareTarget.CREATE)
                                            .setResult(Compare.CompareResult.EQUAL)
                                            .setKey(bytes(pair.first()))
                                            .setCreateRevision(0))
                                    .addSuccess(putOp(pair.first(), base))
                                    .addSuccess(putOp(pair.second(), base))
                                    .build());
                    assertThat(r.getSucceeded())
                            .as("txn on fresh keys %s", pair)
                            .isTrue();
                    ledger.ackedPairs.put(pair, r.getHeader().getRevision());
                } else {
                    String value = "value-" + base;
                    ledger.attempted.put(base, value);
                    PutResponse r = kv.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .put(PutRequest.newBuilder()
                                    .setKey(bytes(base))
                                    .setValue(bytes(value))
                                    .build());
                    ledger.acked.put(base, new Ack(base, value, r.getHeader().getRevision()));
                }
            } catch (StatusRuntimeException gone) {
                return; // killed: whatever was in flight may or may not have been applied
            }
            acks.incrementAndGet();
            enough.countDown();
        }
    }

    private static RequestOp putOp(String key, String value) {
        return RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)))
                .build();
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFrom(s, UTF_8);
    }

    /** Checks the ledger against the restarted server; returns its current revision. */
    private static long verify(ManagedChannel channel, Ledger ledger, long previousRevision, int round) {
        RangeResponse all = KVGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .range(RangeRequest.newBuilder()
                        .setKey(ByteString.copyFrom(new byte[] {0}))
                        .setRangeEnd(ByteString.copyFrom(new byte[] {0}))
                        .build());
        Map<String, KeyValue> stored = new HashMap<>();
        for (KeyValue kv : all.getKvsList()) {
            stored.put(kv.getKey().toStringUtf8(), kv);
        }
        long current = all.getHeader().getRevision();
        List<String> problems = new ArrayList<>();

        long maxAcked = 0;
        Map<Long, String> byRevision = new HashMap<>();
        for (Ack ack : ledger.acked.values()) {
            maxAcked = Math.max(maxAcked, ack.revision());
            String clash = byRevision.put(ack.revision(), ack.key());
            if (clash != null) {
                problems.add(
                        "two acknowledged Puts share revision " + ack.revision() + ": " + clash + ", " + ack.key());
            }
            KeyValue kv = stored.get(ack.key());
            if (kv == null) {
                problems.add("lost acknowledged Put " + ack);
            } else if (!kv.getValue().toStringUtf8().equals(ack.value()) || kv.getModRevision() != ack.revision()) {
                problems.add("acknowledged " + ack + " reads back as value="
                        + kv.getValue().toStringUtf8() + " mod_revision=" + kv.getModRevision());
            }
        }
        for (Map.Entry<String, String> attempt : ledger.attempted.entrySet()) {
            KeyValue kv = stored.get(attempt.getKey());
            if (kv != null && !kv.getValue().toStringUtf8().equals(attempt.getValue())) {
                problems.add("unacknowledged Put " + attempt + " holds a different value " + kv.getValue());
            }
        }
        for (Pair pair : ledger.attemptedPairs) {
            KeyValue first = stored.get(pair.first());
            KeyValue second = stored.get(pair.second());
            Long revision = ledger.ackedPairs.get(pair);
            if ((first == null) != (second == null)) {
                problems.add("half-applied Txn " + pair + ": " + first + " / " + second);
            } else if (first != null && second != null) {
                if (first.getModRevision() != second.getModRevision()) {
                    problems.add("Txn " + pair + " applied at two revisions " + first.getModRevision() + " and "
                            + second.getModRevision());
                }
                if (revision != null && first.getModRevision() != revision) {
                    problems.add("acknowledged Txn " + pair + " at " + revision + " reads back at "
                            + first.getModRevision());
                }
                maxAcked = Math.max(maxAcked, revision == null ? 0 : revision);
            } else if (revision != null) {
                problems.add("lost acknowledged Txn " + pair + " at revision " + revision);
            }
        }
        assertThat(problems)
                .as(
                        "round %d: %d acked Puts, %d acked Txns, %d keys stored",
                        round, ledger.acked.size(), ledger.ackedPairs.size(), stored.size())
                .isEmpty();
        assertThat(current)
                .as("revision after restart covers every acknowledged write")
                .isGreaterThanOrEqualTo(maxAcked)
                .isGreaterThanOrEqualTo(previousRevision);

        PutResponse next = KVGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .put(PutRequest.newBuilder()
                        .setKey(bytes("after-round-" + round))
                        .setValue(bytes("x"))
                        .build());
        assertThat(next.getHeader().getRevision())
                .as("first write after restart")
                .isEqualTo(current + 1);
        return next.getHeader().getRevision();
    }
}
