package dev.cairn.raft.sim;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Entry;
import dev.cairn.raft.EntryType;
import dev.cairn.raft.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A node's replicated state machine: a map of registers, the applied index and a digest of every
 * entry applied so far (so that two members that applied the same index can be compared in O(1)).
 * Durable as soon as an entry is applied (the applied index is stored atomically with the data, as
 * Cairn's MVCC store does); it survives crashes. Owned by the simulation's single thread.
 *
 * <p>Commands are text: {@code "put <key> <value>"}; an empty entry is the leader's no-op. Values
 * are unique request ids too: a put whose value was applied before is skipped, because a forwarded
 * proposal that the network delivered twice is appended twice (Raft does not deduplicate; the
 * application must, as a server does with request ids).
 */
final class KvStateMachine {
    private final TreeMap<String, Long> registers = new TreeMap<>();
    private final TreeSet<Long> seen = new TreeSet<>();
    private long applied;
    private long digest;
    private ConfState confState = ConfState.EMPTY;

    static ByteString put(String key, long value) {
        return ByteString.copyFrom("put " + key + " " + value, StandardCharsets.UTF_8);
    }

    /** The value a put entry writes, or 0 for a no-op or conf change. */
    static long putValue(Entry e) {
        if (e.type() != EntryType.NORMAL || e.data().isEmpty()) {
            return 0;
        }
        String[] parts = e.data().toStringUtf8().split(" ", -1);
        return Long.parseLong(parts[2]);
    }

    /**
     * Applies the next entry ({@code e.index() == applied() + 1}) and returns the value it wrote (0
     * if none, or if the same put was applied before). A conf change only moves the applied index here; the caller records the resulting
     * configuration with {@link #confState(ConfState)}.
     */
    long apply(Entry e) {
        if (e.index() != applied + 1) {
            throw new AssertionError("applied " + applied + " but the next entry to apply is " + e.index());
        }
        applied = e.index();
        digest = mix(digest, e);
        if (e.type() != EntryType.NORMAL || e.data().isEmpty()) {
            return 0;
        }
        String[] parts = e.data().toStringUtf8().split(" ", -1);
        if (parts.length != 3 || !parts[0].equals("put")) {
            throw new AssertionError(
                    "unknown command in entry " + e.index() + ": " + e.data().toStringUtf8());
        }
        long value = Long.parseLong(parts[2]);
        if (!seen.add(value)) {
            return 0;
        }
        registers.put(parts[1], value);
        return value;
    }

    long get(String key) {
        return registers.getOrDefault(key, 0L);
    }

    long applied() {
        return applied;
    }

    long digest() {
        return digest;
    }

    ConfState confState() {
        return confState;
    }

    void confState(ConfState cs) {
        confState = cs;
    }

    /** This state as snapshot data. */
    ByteString snapshotData() {
        StringBuilder sb = new StringBuilder().append(applied).append(' ').append(digest);
        sb.append('\n');
        for (long v : seen) {
            sb.append(v).append(' ');
        }
        for (Map.Entry<String, Long> r : registers.entrySet()) {
            sb.append('\n').append(r.getKey()).append(' ').append(r.getValue());
        }
        return ByteString.copyFrom(sb.toString(), StandardCharsets.UTF_8);
    }

    /** Replaces this state with a snapshot's. */
    void restore(Snapshot s) {
        String[] lines = s.data().toStringUtf8().split("\n", -1);
        String[] head = lines[0].split(" ", -1);
        long index = Long.parseLong(head[0]);
        if (index != s.metadata().index()) {
            throw new AssertionError("snapshot at " + s.metadata().index() + " holds state applied to " + index);
        }
        registers.clear();
        seen.clear();
        for (String v : (lines.length > 1 ? lines[1] : "").split(" ", -1)) {
            if (!v.isEmpty()) {
                seen.add(Long.parseLong(v));
            }
        }
        for (int i = 2; i < lines.length; i++) {
            String[] kv = lines[i].split(" ", -1);
            registers.put(kv[0], Long.parseLong(kv[1]));
        }
        applied = index;
        digest = Long.parseLong(head[1]);
        confState = s.metadata().confState();
    }

    private static long mix(long digest, Entry e) {
        long h = digest * 0x9E3779B97F4A7C15L;
        h ^= e.index() * 0xBF58476D1CE4E5B9L + e.term();
        h ^= (long) e.data().hashCode() * 0x94D049BB133111EBL + (e.type() == EntryType.CONF_CHANGE ? 1 : 0);
        h ^= h >>> 31;
        return h;
    }
}
