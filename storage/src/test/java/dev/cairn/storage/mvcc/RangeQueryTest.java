package dev.cairn.storage.mvcc;

import static dev.cairn.storage.mvcc.Fixtures.b;
import static dev.cairn.storage.mvcc.Fixtures.keys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.mvcc.RangeQuery.SortOrder;
import dev.cairn.storage.mvcc.RangeQuery.SortTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Range conventions, limit/more/count, sorting, keys_only, count_only and the revision filters
 * (etcd-wire-facts 2.2, 2.3), against one fixed data set, at the current revision (kv_latest) and
 * through the history path.
 *
 * <pre>
 * key    create mod version value
 * a      2      8   3       z
 * b      3      3   1       q
 * c      4      7   2       n
 * d      5      11  4       d
 * e\0    12     12  1       v
 * e\xff  13     13  1       w
 * f      14 (deleted at 15)
 * zz     16     16  1       0    (so reads at 15 take the history path)
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangeQueryTest {
    private MvccStore store;

    @BeforeAll
    void load(@TempDir Path dir) {
        store = MvccStores.open(dir);
        String[][] puts = {
            {"a", "x"},
            {"b", "q"},
            {"c", "m"},
            {"d", "a"},
            {"a", "y"},
            {"c", "n"},
            {"a", "z"},
            {"d", "b"},
            {"d", "c"},
            {"d", "d"},
            {"e\0", "v"},
            {"e\u00ff", "w"},
            {"f", "t"}
        };
        for (String[] kv : puts) {
            Fixtures.put(store, kv[0], kv[1]);
        }
        Fixtures.delete(store, "f", "");
        // Rev 16 touches only "zz", so reads at 15 go through kv_history and see the same state.
        Fixtures.put(store, "zz", "0");
    }

    @AfterAll
    void close() {
        store.close();
    }

    static Stream<Arguments> conventions() {
        return Stream.of(
                conv("single key", "a", "", List.of("a")),
                conv("single missing key", "zy", "", List.of()),
                conv("single deleted key", "f", "", List.of()),
                conv("half-open interval", "a", "c", List.of("a", "b")),
                conv("end excludes a longer key", "b", "e\0", List.of("b", "c", "d")),
                conv("key and longer key", "e\0", "e\u00ff", List.of("e\0")),
                conv("prefix e", "e", "f", List.of("e\0", "e\u00ff")),
                conv("from key", "e", "\0", List.of("e\0", "e\u00ff", "zz")),
                conv("all keys", "\0", "\0", List.of("a", "b", "c", "d", "e\0", "e\u00ff", "zz")),
                conv("end before key", "c", "a", List.of()),
                conv("end equals key", "c", "c", List.of()));
    }

    private static Arguments conv(String name, String key, String end, List<String> expected) {
        return Arguments.of(name, key, end, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conventions")
    void rangeConventions(String name, String key, String end, List<String> expected) {
        RangeResult now = Fixtures.range(store, RangeQuery.of(b(key), b(end)));
        assertThat(keys(now)).containsExactlyElementsOf(expected);
        assertThat(now.count()).isEqualTo(expected.size());
        assertThat(now.more()).isFalse();
        assertThat(now.currentRevision()).isEqualTo(16);
        List<String> before = expected.stream().filter(k -> !k.equals("zz")).toList();
        RangeResult past = Fixtures.range(store, Fixtures.at(RangeQuery.of(b(key), b(end)), 15));
        assertThat(keys(past)).as("through history at 15").containsExactlyElementsOf(before);
        assertThat(past.currentRevision()).isEqualTo(16);
    }

    record Case(
            String name,
            String key,
            String end,
            long limit,
            SortOrder order,
            SortTarget target,
            List<Long> filters,
            List<String> keys,
            boolean more,
            long count) {
        @Override
        public String toString() {
            return name;
        }

        RangeQuery query(long revision) {
            return new RangeQuery(
                    b(key),
                    b(end),
                    revision,
                    limit,
                    order,
                    target,
                    false,
                    false,
                    filters.get(0),
                    filters.get(1),
                    filters.get(2),
                    filters.get(3));
        }
    }

    private static final List<Long> NO_FILTER = List.of(0L, 0L, 0L, 0L);

    private static Case c(String name, long limit, SortOrder o, SortTarget t, List<String> keys, boolean more) {
        return new Case(name, "a", "e", limit, o, t, NO_FILTER, keys, more, 4);
    }

    private static Case f(String name, long limit, List<Long> filters, List<String> keys, boolean more) {
        return new Case(name, "a", "e", limit, SortOrder.NONE, SortTarget.KEY, filters, keys, more, 4);
    }

    static Stream<Case> cases() {
        SortOrder none = SortOrder.NONE;
        SortOrder asc = SortOrder.ASCEND;
        SortOrder desc = SortOrder.DESCEND;
        return Stream.of(
                // limit, more, count
                c("no limit", 0, none, SortTarget.KEY, List.of("a", "b", "c", "d"), false),
                c("limit 2", 2, none, SortTarget.KEY, List.of("a", "b"), true),
                c("limit = size", 4, none, SortTarget.KEY, List.of("a", "b", "c", "d"), false),
                c("limit > size", 9, none, SortTarget.KEY, List.of("a", "b", "c", "d"), false),
                c("huge limit", Long.MAX_VALUE, none, SortTarget.KEY, List.of("a", "b", "c", "d"), false),
                c(
                        "huge limit, implicit ascend",
                        Long.MAX_VALUE,
                        none,
                        SortTarget.MOD,
                        List.of("b", "c", "a", "d"),
                        false),
                new Case("all keys limit 1", "\0", "\0", 1, none, SortTarget.KEY, NO_FILTER, List.of("a"), true, 7),
                // every target x explicit order: fetch all, sort, truncate
                c("asc key", 0, asc, SortTarget.KEY, List.of("a", "b", "c", "d"), false),
                c("desc key", 0, desc, SortTarget.KEY, List.of("d", "c", "b", "a"), false),
                c("desc key limit 1", 1, desc, SortTarget.KEY, List.of("d"), true),
                c("asc version", 0, asc, SortTarget.VERSION, List.of("b", "c", "a", "d"), false),
                c("desc version", 0, desc, SortTarget.VERSION, List.of("d", "a", "c", "b"), false),
                c("asc create", 0, asc, SortTarget.CREATE, List.of("a", "b", "c", "d"), false),
                c("desc create", 0, desc, SortTarget.CREATE, List.of("d", "c", "b", "a"), false),
                c("asc mod", 0, asc, SortTarget.MOD, List.of("b", "c", "a", "d"), false),
                c("desc mod", 0, desc, SortTarget.MOD, List.of("d", "a", "c", "b"), false),
                c("asc value", 0, asc, SortTarget.VALUE, List.of("d", "c", "b", "a"), false),
                c("desc value", 0, desc, SortTarget.VALUE, List.of("a", "b", "c", "d"), false),
                c("asc value limit 2", 2, asc, SortTarget.VALUE, List.of("d", "c"), true),
                c("desc version limit 1", 1, desc, SortTarget.VERSION, List.of("d"), true),
                // order NONE with a non-key target: ascending, but the fetch was limited to limit+1 keys
                c("none version", 0, none, SortTarget.VERSION, List.of("b", "c", "a", "d"), false),
                c("none create", 0, none, SortTarget.CREATE, List.of("a", "b", "c", "d"), false),
                c("none mod", 0, none, SortTarget.MOD, List.of("b", "c", "a", "d"), false),
                c("none value", 0, none, SortTarget.VALUE, List.of("d", "c", "b", "a"), false),
                c("none value limit 2 sorts only a,b,c", 2, none, SortTarget.VALUE, List.of("c", "b"), true),
                c("none mod limit 1 sorts only a,b", 1, none, SortTarget.MOD, List.of("b"), true),
                c("none version limit 3 sorts a,b,c,d", 3, none, SortTarget.VERSION, List.of("b", "c", "a"), true),
                c("none create limit 2", 2, none, SortTarget.CREATE, List.of("a", "b"), true),
                // filters: inclusive, 0 = off, limit after filtering, count unaffected
                f("min mod 7", 0, List.of(7L, 0L, 0L, 0L), List.of("a", "c", "d"), false),
                f("max mod 7", 0, List.of(0L, 7L, 0L, 0L), List.of("b", "c"), false),
                f("min create 3", 0, List.of(0L, 0L, 3L, 0L), List.of("b", "c", "d"), false),
                f("max create 3", 0, List.of(0L, 0L, 0L, 3L), List.of("a", "b"), false),
                f("mod 4..10 and create 3..4", 0, List.of(4L, 10L, 3L, 4L), List.of("c"), false),
                f("min mod 7 limit 1", 1, List.of(7L, 0L, 0L, 0L), List.of("a"), true),
                f("min mod 7 limit 2", 2, List.of(7L, 0L, 0L, 0L), List.of("a", "c"), true),
                f("min mod 7 limit 3", 3, List.of(7L, 0L, 0L, 0L), List.of("a", "c", "d"), false),
                f("filters drop everything", 1, List.of(100L, 0L, 0L, 0L), List.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void limitSortAndFilters(Case c) {
        for (long revision : new long[] {0, 15}) {
            RangeResult r = Fixtures.range(store, c.query(revision));
            assertThat(keys(r)).as("at %d", revision).containsExactlyElementsOf(c.keys());
            assertThat(r.more()).as("more at %d", revision).isEqualTo(c.more());
            long count = c.key().equals("\0") && revision == 15 ? c.count() - 1 : c.count();
            assertThat(r.count()).as("count at %d", revision).isEqualTo(count);
        }
    }

    @Test
    void keysOnlyDropsValuesOnly() {
        RangeQuery q =
                new RangeQuery(b("a"), b("c"), 0, 0, SortOrder.ASCEND, SortTarget.VALUE, true, false, 0, 0, 0, 0);
        RangeResult r = Fixtures.range(store, q);
        assertThat(Fixtures.describe(r)).containsExactly("b c=3 m=3 v=1 ", "a c=2 m=8 v=3 ");
    }

    @Test
    void countOnlyReturnsNoKvsAndNoMore() {
        RangeQuery q = new RangeQuery(b("\0"), b("\0"), 0, 1, SortOrder.NONE, SortTarget.KEY, false, true, 0, 0, 0, 0);
        RangeResult r = Fixtures.range(store, q);
        assertThat(r.kvs()).isEmpty();
        assertThat(r.more()).isFalse();
        assertThat(r.count()).isEqualTo(7);
        RangeResult past = Fixtures.range(store, Fixtures.at(q, 14));
        assertThat(past.count()).isEqualTo(7); // a b c d e\0 e\xff f
    }
}
