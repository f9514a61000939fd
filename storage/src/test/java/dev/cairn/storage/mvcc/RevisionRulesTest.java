package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.all;
import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.currentRevision;
import static dev.cairn.storage.mvcc.Fixtures.describe;
import static dev.cairn.storage.mvcc.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.storage.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocksdb.RocksIterator;

/** Revision, version, create and mod revision rules (etcd-wire-facts 2.1, 2.4). */
class RevisionRulesTest {
    @TempDir
    Path dir;

    /**
     * Each step is one write transaction; ops inside a step are separated by ";": "put K V
     * [lease]", "del K [end]", "get K", "range" or nothing.
     */
    static Stream<Arguments> scenarios() {
        return Stream.of(
                row("empty store", List.of(), 1, List.of()),
                row("first put gets revision 2", List.of("put a 1"), 2, List.of("a c=2 m=2 v=1 1")),
                row(
                        "second put bumps version, keeps create",
                        List.of("put a 1", "put a 2"),
                        3,
                        List.of("a c=2 m=3 v=2 2")),
                row("same value still a new revision", List.of("put a 1", "put a 1"), 3, List.of("a c=2 m=3 v=2 1")),
                row("delete hides the key", List.of("put a 1", "del a"), 3, List.of()),
                row(
                        "re-create restarts version",
                        List.of("put a 1", "put a 2", "del a", "put a 3"),
                        5,
                        List.of("a c=5 m=5 v=1 3")),
                row(
                        "multi-op txn shares one revision",
                        List.of("put a 1; put b 2; put c 3"),
                        2,
                        List.of("a c=2 m=2 v=1 1", "b c=2 m=2 v=1 2", "c c=2 m=2 v=1 3")),
                row("put twice in one txn", List.of("put a 1; put a 2"), 2, List.of("a c=2 m=2 v=2 2")),
                row("put then delete in one txn", List.of("put a 1; del a"), 2, List.of()),
                row("delete of a missing key is a no-op", List.of("put a 1", "del b"), 2, List.of("a c=2 m=2 v=1 1")),
                row("empty txn is a no-op", List.of("put a 1", ""), 2, List.of("a c=2 m=2 v=1 1")),
                row("read-only txn is a no-op", List.of("put a 1", "get a; range"), 2, List.of("a c=2 m=2 v=1 1")),
                row(
                        "delete range takes one revision",
                        List.of("put a 1", "put b 2", "put c 3", "del a c", "put x 9"),
                        6,
                        List.of("c c=4 m=4 v=1 3", "x c=6 m=6 v=1 9")),
                row(
                        "delete from key",
                        List.of("put a 1", "put b 2", "del b \0", "put a 3"),
                        5,
                        List.of("a c=2 m=5 v=2 3")),
                row(
                        "lease attached and detached",
                        List.of("put a 1 7", "put b 2 7", "put a 3"),
                        4,
                        List.of("a c=2 m=4 v=2 3", "b c=3 m=3 v=1 2 l=7")),
                row(
                        "txn sees own writes",
                        List.of("put a 1", "put a 2; put b 3; del a; put a 4"),
                        3,
                        List.of("a c=3 m=3 v=1 4", "b c=3 m=3 v=1 3")));
    }

    private static Arguments row(String name, List<String> steps, long revision, List<String> state) {
        return Arguments.of(name, steps, revision, state);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void revisionRules(String name, List<String> steps, long revision, List<String> state) {
        try (MvccStore store = MvccStores.open(dir)) {
            for (String step : steps) {
                join(store.write(txn -> {
                    apply(txn, step);
                    return 0;
                }));
            }
            assertThat(currentRevision(store)).isEqualTo(revision);
            RangeResult r = all(store, 0);
            assertThat(describe(r)).containsExactlyElementsOf(state);
            assertThat(r.currentRevision()).isEqualTo(revision);
            assertThat(r.count()).isEqualTo(state.size());
        }
        try (MvccStore store = MvccStores.open(dir)) {
            assertThat(currentRevision(store)).as("after reopen").isEqualTo(revision);
            assertThat(describe(all(store, 0))).as("after reopen").containsExactlyElementsOf(state);
        }
    }

    static void apply(WriteTxn txn, String step) {
        for (String op : step.split(";")) {
            String[] w = op.trim().split(" ");
            switch (w[0]) {
                case "" -> {}
                case "put" -> txn.put(b(w[1]), b(w[2]), w.length > 3 ? Long.parseLong(w[3]) : 0);
                case "del" -> txn.deleteRange(b(w[1]), w.length > 2 ? b(w[2]) : b(""));
                case "get" -> txn.get(b(w[1]));
                case "range" -> txn.range(RangeQuery.of(b("\0"), b("\0")));
                default -> throw new IllegalArgumentException(op);
            }
        }
    }

    @Test
    void putReturnsPreviousAndDeleteReturnsDeletedInKeyOrder() {
        try (MvccStore store = MvccStores.open(dir)) {
            Optional<KeyValue> first = join(store.write(txn -> txn.put(b("k"), b("v1"), 0)));
            assertThat(first).isEmpty();
            Optional<KeyValue> second = join(store.write(txn -> txn.put(b("k"), b("v2"), 0)));
            assertThat(second).map(Fixtures::describe).contains("k c=2 m=2 v=1 v1");
            Fixtures.put(store, "j", "x");
            List<KeyValue> deleted = Fixtures.delete(store, "a", "z");
            assertThat(deleted).extracting(Fixtures::describe).containsExactly("j c=4 m=4 v=1 x", "k c=2 m=3 v=2 v2");
        }
    }

    @Test
    void writeTxnRevisionsAndOwnReads() {
        try (MvccStore store = MvccStores.open(dir)) {
            Fixtures.put(store, "a", "1");
            List<Long> seen = join(store.write(txn -> {
                List<Long> out = new ArrayList<>();
                out.add(txn.currentRevision());
                out.add(txn.writeRevision());
                txn.put(b("b"), b("2"), 0);
                out.add(txn.currentRevision());
                RangeResult r = txn.range(RangeQuery.of(b("\0"), b("\0")));
                out.add(r.count());
                out.add(r.currentRevision());
                out.add(txn.range(Fixtures.at(RangeQuery.of(b("\0"), b("\0")), 2))
                        .count());
                return out;
            }));
            assertThat(seen).containsExactly(2L, 3L, 3L, 2L, 3L, 1L);
        }
    }

    @Test
    void failedBodyIsRolledBackAndDoesNotTakeARevision() {
        try (MvccStore store = MvccStores.open(dir)) {
            Fixtures.put(store, "a", "1");
            assertThatThrownBy(() -> join(store.write(txn -> {
                        txn.put(b("a"), b("2"), 0);
                        txn.put(b("b"), b("2"), 0);
                        throw new IllegalStateException("compare failed late");
                    })))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(Fixtures.put(store, "c", "3")).isEqualTo(3);
            assertThat(describe(all(store, 0))).containsExactly("a c=2 m=2 v=1 1", "c c=3 m=3 v=1 3");
        }
    }

    @Test
    void subRevisionsFollowChangeOrder() {
        try (RocksMvccStore store = RocksMvccStore.open(dir, StoreConfig.defaults())) {
            Fixtures.put(store, "z", "0");
            join(store.write(txn -> {
                txn.put(b("c"), b("1"), 0);
                txn.put(b("a"), b("2"), 0);
                txn.deleteRange(b("z"), b(""));
                return 0;
            }));
            List<String> log = new ArrayList<>();
            Database db = store.database();
            try (RocksIterator it = db.db.newIterator(db.revIndex)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] v = it.value();
                    log.add(Schema.revMain(it.key()) + "." + Schema.revSub(it.key()) + " "
                            + (Schema.revValueType(v) == Schema.TYPE_PUT ? "put " : "del ")
                            + Fixtures.s(Schema.revValueKey(v)));
                }
            }
            assertThat(log).containsExactly("2.0 put z", "3.0 put c", "3.1 put a", "3.2 del z");
        }
    }
}
