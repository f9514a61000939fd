package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.mvccpb.KeyValue;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Reads what each member of a cluster holds, after making sure every member has applied the same
 * prefix of the log: a fence put through any member, then serializable reads on each member until
 * the fence is visible there (members apply in log order), then a serializable read of every key.
 * Stateless; thread-safe.
 */
final class ClusterState {
    private static final long DEADLINE_SECONDS = 60;

    private ClusterState() {}

    /** One key as a member stores it. */
    record Kv(String value, long createRevision, long modRevision, long version) {}

    /**
     * Puts {@code fenceKey} (retrying over the members until one acknowledges it), waits until
     * every member serves it from its own state, reads every key from every member and asserts
     * they are identical (keys, values, create and mod revisions, versions, current revision).
     * Returns that state.
     */
    static Map<String, Kv> converged(List<ClusterMember> members, String fenceKey, String fenceValue) {
        long fenceRevision = fence(members, fenceKey, fenceValue);
        Map<String, Map<String, Kv>> byMember = new LinkedHashMap<>();
        Map<String, Long> revisions = new LinkedHashMap<>();
        for (ClusterMember m : members) {
            awaitApplied(m, fenceKey, fenceRevision);
            RangeResponse all = readAll(m, true, Duration.ofSeconds(DEADLINE_SECONDS));
            Map<String, Kv> state = toMap(all);
            byMember.put(m.name(), state);
            revisions.put(m.name(), all.getHeader().getRevision());
        }
        String first = members.get(0).name();
        Map<String, Kv> reference = byMember.values().iterator().next();
        for (Map.Entry<String, Map<String, Kv>> e : byMember.entrySet()) {
            assertThat(differences(reference, e.getValue()))
                    .as("%s against %s after fence %s at revision %d", e.getKey(), first, fenceKey, fenceRevision)
                    .isEmpty();
        }
        assertThat(revisions.values().stream().distinct().count())
                .as("current revision per member after the fence: %s", revisions)
                .isEqualTo(1);
        return reference;
    }

    /**
     * Every key through a linearizable Range on {@code m} (ReadIndex on a follower), retried while
     * the member answers with an error (a leader change in progress), for at most a minute.
     */
    static Map<String, Kv> linearizable(ClusterMember m) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        List<String> failures = new ArrayList<>();
        while (true) {
            try {
                return toMap(readAll(m, false, Duration.ofSeconds(5)));
            } catch (StatusRuntimeException e) {
                failures.add(e.getStatus().toString());
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            m + ": no linearizable read within " + DEADLINE_SECONDS + " s: " + failures);
                }
                m.pauseUnlessExited(50);
            }
        }
    }

    private static RangeResponse readAll(ClusterMember m, boolean serializable, Duration deadline) {
        return KVGrpc.newBlockingStub(m.channel())
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .range(RangeRequest.newBuilder()
                        .setKey(ByteString.copyFrom(new byte[] {0}))
                        .setRangeEnd(ByteString.copyFrom(new byte[] {0}))
                        .setSerializable(serializable)
                        .build());
    }

    private static Map<String, Kv> toMap(RangeResponse all) {
        Map<String, Kv> state = new TreeMap<>();
        for (KeyValue kv : all.getKvsList()) {
            state.put(
                    kv.getKey().toStringUtf8(),
                    new Kv(kv.getValue().toStringUtf8(), kv.getCreateRevision(), kv.getModRevision(), kv.getVersion()));
        }
        return state;
    }

    private static long fence(List<ClusterMember> members, String key, String value) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            ClusterMember m = members.get(attempt % members.size());
            try {
                PutResponse r = KVGrpc.newBlockingStub(m.channel())
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .put(PutRequest.newBuilder()
                                .setKey(ByteString.copyFromUtf8(key))
                                .setValue(ByteString.copyFromUtf8(value))
                                .build());
                return r.getHeader().getRevision();
            } catch (StatusRuntimeException e) {
                failures.add(m.name() + ": " + e.getStatus());
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("fence " + key + " not acknowledged: " + failures);
                }
                m.pauseUnlessExited(50);
            }
        }
    }

    private static void awaitApplied(ClusterMember m, String key, long revision) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        String last = "";
        while (true) {
            try {
                RangeResponse r = KVGrpc.newBlockingStub(m.channel())
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .range(RangeRequest.newBuilder()
                                .setKey(ByteString.copyFromUtf8(key))
                                .setSerializable(true)
                                .build());
                if (r.getKvsCount() == 1 && r.getKvs(0).getModRevision() == revision) {
                    return;
                }
                last = "revision " + r.getHeader().getRevision() + ", " + r.getKvsCount() + " kvs";
            } catch (StatusRuntimeException e) {
                last = e.getStatus().toString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(m + " did not apply fence " + key + "@" + revision + " within "
                        + DEADLINE_SECONDS + " s (last: " + last + ")\n" + m.logTail());
            }
            m.pauseUnlessExited(20);
        }
    }

    /** Up to 20 differences between two members' states, described for a failure message. */
    static List<String> differences(Map<String, Kv> a, Map<String, Kv> b) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            Kv x = a.get(key);
            Kv y = b.get(key);
            if (x == null || !x.equals(y)) {
                out.add(key + ": " + x + " vs " + y);
                if (out.size() == 20) {
                    break;
                }
            }
        }
        return out;
    }
}
