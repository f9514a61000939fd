package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.describe;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random histories checked against a plain in-memory model that keeps the full state at
 * every revision: random multi-op transactions, reads at random revisions and ranges (current and
 * historical, in and outside write transactions), compactions and reopens. Replay one seed with
 * {@code -Dsim.seed=N}.
 */
class MvccModelTest {
    private static final String[] KEYS = {"a", "a\0", "a\0\0", "ab", "b", "b\u00ff", "c", "\u00ff"};
    private static final int STEPS = 120;

    @TempDir
    Path dir;

    static Stream<Long> seeds() {
        String one = System.getProperty("sim.seed");
        return one != null
                ? Stream.of(Long.parseLong(one))
                : LongStream.range(0, 12).boxed();
    }

    /** state.get(r) = the live keys at revision r (sorted by unsigned bytes = ISO-8859-1 chars). */
    private final List<NavigableMap<String, KeyValue>> state = new ArrayList<>();

    private long compacted;

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchesTheModel(long seed) {
        Random random = new Random(seed);
        state.add(new TreeMap<>()); // revision 0 (unused)
        state.add(new TreeMap<>()); // revision 1: empty store
        StoreConfig config = StoreConfig.defaults().withCompaction(3, StoreConfig.CompactionFaults.NONE);
        RocksMvccStore store = RocksMvccStore.open(dir, config);
        try {
            for (int step = 0; step < STEPS; step++) {
                int dice = random.nextInt(20);
                if (dice < 12) {
                    write(store, random);
                } else if (dice < 17) {
                    checkRead(store, random);
                } else if (dice < 19) {
                    compact(store, random);
                } else {
                    store.close();
                    store = RocksMvccStore.open(dir, config);
                    join(store.physicalCompaction());
                }
            }
            long last = state.size() - 1;
            for (long r = Math.max(1, compacted); r <= last; r++) {
                assertThat(describe(Fixtures.all(store, r)))
                        .as("all keys at %d", r)
                        .containsExactlyElementsOf(expected(r, "\0", "\0"));
            }
        } finally {
            store.close();
        }
    }

    private void write(MvccStore store, Random random) {
        long rev = state.size();
        TreeMap<String, KeyValue> next = new TreeMap<>(state.get(state.size() - 1));
        int ops = 1 + random.nextInt(3);
        List<String[]> plan = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < ops; i++) {
            String key = KEYS[random.nextInt(KEYS.length)];
            if (random.nextInt(3) > 0) {
                String value = "v" + random.nextInt(100);
                plan.add(new String[] {"put", key, value});
                KeyValue prev = next.get(key);
                next.put(
                        key,
                        KeyValue.newBuilder()
                                .setKey(b(key))
                                .setValue(b(value))
                                .setCreateRevision(prev == null ? rev : prev.getCreateRevision())
                                .setModRevision(rev)
                                .setVersion(prev == null ? 1 : prev.getVersion() + 1)
                                .build());
                changed = true;
            } else {
                String[] range = randomRange(random);
                plan.add(new String[] {"del", range[0], range[1]});
                List<String> gone = List.copyOf(slice(next, range[0], range[1]).keySet());
                gone.forEach(next::remove);
                changed |= !gone.isEmpty();
            }
        }
        long got = join(store.write(txn -> {
            for (String[] op : plan) {
                if (op[0].equals("put")) {
                    txn.put(b(op[1]), b(op[2]), 0);
                } else {
                    txn.deleteRange(b(op[1]), b(op[2]));
                }
            }
            // Reads inside the transaction see its own writes.
            assertThat(describe(txn.range(RangeQuery.of(b("\0"), b("\0")))))
                    .containsExactlyElementsOf(
                            next.values().stream().map(Fixtures::describe).toList());
            return txn.currentRevision();
        }));
        if (changed) {
            state.add(next);
        }
        assertThat(got).isEqualTo(state.size() - 1);
    }

    private void checkRead(MvccStore store, Random random) {
        long last = state.size() - 1;
        long rev = 1 + random.nextLong(last);
        String[] range = randomRange(random);
        RangeQuery q = Fixtures.at(RangeQuery.of(b(range[0]), b(range[1])), rev);
        if (rev < compacted) {
            assertThatThrownBy(() -> Fixtures.range(store, q)).isInstanceOf(CompactedException.class);
            return;
        }
        RangeResult r = Fixtures.range(store, q);
        List<String> expected = expected(rev, range[0], range[1]);
        assertThat(describe(r)).as("range %s at %d", List.of(range), rev).containsExactlyElementsOf(expected);
        assertThat(r.count()).isEqualTo(expected.size());
        assertThat(r.currentRevision()).isEqualTo(last);
        List<String> inTxn = join(store.write(txn -> describe(txn.range(q))));
        assertThat(inTxn).as("same range inside a write transaction").isEqualTo(expected);
    }

    private void compact(MvccStore store, Random random) {
        long last = state.size() - 1;
        long target = 1 + random.nextLong(last);
        if (target <= compacted) {
            assertThatThrownBy(() -> join(store.compact(target))).isInstanceOf(CompactedException.class);
            return;
        }
        join(join(store.compact(target)).physicalDone());
        compacted = target;
        assertThat(Fixtures.compactRevision(store)).isEqualTo(target);
    }

    private List<String> expected(long rev, String key, String end) {
        return slice(state.get((int) rev), key, end).values().stream()
                .map(Fixtures::describe)
                .toList();
    }

    /** The model's reading of etcd's range conventions. */
    private static Map<String, KeyValue> slice(NavigableMap<String, KeyValue> at, String key, String end) {
        if (end.isEmpty()) {
            KeyValue kv = at.get(key);
            return kv == null ? Map.of() : Map.of(key, kv);
        } else if (end.equals("\0")) {
            return at.tailMap(key, true);
        } else if (end.compareTo(key) <= 0) {
            return Map.of();
        }
        return at.subMap(key, true, end, false);
    }

    private static String[] randomRange(Random random) {
        String key = KEYS[random.nextInt(KEYS.length)];
        return switch (random.nextInt(4)) {
            case 0 -> new String[] {key, ""};
            case 1 -> new String[] {key, "\0"};
            case 2 -> new String[] {"\0", "\0"};
            default -> new String[] {key, KEYS[random.nextInt(KEYS.length)]};
        };
    }
}
