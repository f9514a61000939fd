package dev.cairn.conformance;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * etcdctl 3.4 command sequences. Each scenario starts on an empty store, so revisions are the
 * same on every server. Data is chosen so that no sort target has ties (etcd does not define the
 * order of ties): key i is written 2i+1 times, "a" once more at the end, and the final values sort
 * differently from the keys.
 *
 * <p>Thread-safe (immutable).
 */
final class EtcdctlScenarios {
    private EtcdctlScenarios() {}

    /** One etcdctl call; {@code expectSuccess} is checked against etcd to keep scenarios honest. */
    record Step(List<String> args, @Nullable String stdin, boolean expectSuccess) {}

    record Scenario(String name, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final class Builder {
        private final String name;
        private final List<Step> steps = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        Builder ok(String... args) {
            steps.add(new Step(List.of(args), null, true));
            return this;
        }

        Builder fails(String... args) {
            steps.add(new Step(List.of(args), null, false));
            return this;
        }

        Builder txn(String stdin, String... args) {
            List<String> all = new ArrayList<>();
            all.add("txn");
            all.addAll(List.of(args));
            steps.add(new Step(all, stdin, true));
            return this;
        }

        Builder txnFails(String stdin, String... args) {
            List<String> all = new ArrayList<>();
            all.add("txn");
            all.addAll(List.of(args));
            steps.add(new Step(all, stdin, false));
            return this;
        }

        /** Keys whose version, create/mod revision and value all sort differently. */
        Builder seedKeys() {
            String[][] data = {
                {"a", "kilo"},
                {"b", "alpha"},
                {"c", "zulu"},
                {"foo", "echo"},
                {"foo/1", "bravo"},
                {"foo/2", "yankee"},
                {"fop", "delta"}
            };
            for (int i = 0; i < data.length; i++) {
                for (int v = 0; v < 2 * i; v++) {
                    ok("put", data[i][0], data[i][1] + "-old" + v);
                }
                ok("put", data[i][0], data[i][1]);
            }
            // rewrite "a" last so that mod revision order differs from create revision order
            return ok("put", "a", "kilo");
        }

        Scenario build() {
            return new Scenario(name, List.copyOf(steps));
        }
    }

    static List<Scenario> all() {
        return List.of(get(), getSorted(), put(), delete(), txn(), compaction());
    }

    static Scenario get() {
        Builder b = new Builder("get").seedKeys();
        for (String format : new String[] {"simple", "json", "fields"}) {
            b.ok("get", "a", "-w", format)
                    .ok("get", "a", "c", "-w", format)
                    .ok("get", "foo", "--prefix", "-w", format)
                    .ok("get", "c", "--from-key", "-w", format)
                    .ok("get", "c", "--from-key", "--limit", "2", "-w", format)
                    .ok("get", "", "--prefix", "--limit=3", "-w", format)
                    .ok("get", "", "--prefix", "--keys-only", "-w", format)
                    .ok("get", "", "--prefix", "--rev=6", "-w", format)
                    .ok("get", "a", "--consistency=s", "-w", format)
                    .ok("get", "nothing-here", "-w", format)
                    .ok("get", "c", "a", "-w", format)
                    .ok("get", "a", "--hex", "-w", format);
        }
        return b.ok("get", "", "--prefix", "--print-value-only")
                .ok("get", "foo", "--prefix", "--keys-only", "--print-value-only")
                .ok("get", "", "--from-key", "--order=DESCEND", "--limit=2")
                .ok("get", "", "--prefix", "--rev=1", "-w", "json")
                .ok("get", "a", "--rev=2", "-w", "json")
                .ok("get", "a", "--rev=0", "-w", "json")
                .fails("get", "a", "--rev=1000")
                .fails("get", "a", "--rev=1000", "-w", "json")
                .fails("get", "")
                .fails("get", "", "c")
                .fails("get", "a", "--consistency=x")
                .fails("get", "a", "--order=SIDEWAYS")
                .fails("get", "a", "--sort-by=COLOUR")
                .fails("get", "a", "--count-only")
                .build();
    }

    static Scenario getSorted() {
        Builder b = new Builder("get-sorted").seedKeys();
        for (String target : new String[] {"CREATE", "KEY", "MODIFY", "VALUE", "VERSION"}) {
            b.ok("get", "", "--prefix", "--sort-by=" + target)
                    .ok("get", "", "--prefix", "--sort-by=" + target, "--order=ASCEND")
                    .ok("get", "", "--prefix", "--sort-by=" + target, "--order=DESCEND", "-w", "json")
                    .ok("get", "", "--prefix", "--sort-by=" + target, "--limit=3")
                    .ok("get", "", "--prefix", "--sort-by=" + target, "--order=DESCEND", "--limit=3", "-w", "fields")
                    .ok("get", "b", "--from-key", "--sort-by=" + target, "--order=ASCEND", "--limit=2");
        }
        return b.ok("get", "", "--prefix", "--order=DESCEND")
                .ok("get", "", "--prefix", "--order=ASCEND", "-w", "json")
                .build();
    }

    static Scenario put() {
        return new Builder("put")
                .ok("put", "k", "v1")
                .ok("put", "k", "v2", "--prev-kv")
                .ok("put", "k", "v3", "--prev-kv", "-w", "json")
                .ok("put", "k", "v4", "--prev-kv", "-w", "fields")
                .ok("put", "fresh", "v", "--prev-kv", "-w", "json")
                .ok("put", "k", "--ignore-value")
                .ok("get", "k", "-w", "json")
                .ok("put", "k", "--ignore-value", "--prev-kv", "-w", "json")
                .fails("put", "missing", "--ignore-value")
                .fails("put", "missing", "--ignore-value", "-w", "json")
                .fails("put", "k", "v", "--ignore-value")
                .ok("put", "k", "v5", "--ignore-lease", "-w", "fields")
                .ok("get", "k", "-w", "fields")
                .fails("put", "missing", "v", "--ignore-lease")
                .fails("put", "k", "v", "--lease=1234")
                .fails("put", "k", "v", "--lease=1234", "-w", "json")
                .fails("put", "k", "v", "--lease=1", "--ignore-lease")
                .fails("put", "k", "v", "--lease=zz")
                .fails("put", "", "v")
                .fails("put", "k")
                .ok("put", "empty-value", "")
                .ok("put", "k", "--", "-dash-value")
                .ok("put", "sp ace", "v a l")
                .ok("get", "", "--prefix", "-w", "json")
                .ok("get", "", "--prefix", "--hex")
                .build();
    }

    static Scenario delete() {
        return new Builder("del")
                .seedKeys()
                .ok("del", "a")
                .ok("del", "a")
                .ok("del", "a", "-w", "json")
                .ok("del", "b", "--prev-kv")
                .ok("del", "c", "--prev-kv", "-w", "json")
                .ok("del", "foo", "--prefix", "--prev-kv", "-w", "json")
                .ok("put", "a", "again")
                .ok("put", "b", "again")
                .ok("del", "a", "b", "-w", "fields")
                .ok("put", "x1", "1")
                .ok("put", "x2", "2")
                .ok("del", "x", "--from-key", "--prev-kv")
                .ok("put", "m", "1")
                .ok("del", "n", "a", "-w", "json")
                .fails("del", "")
                .fails("del")
                .ok("get", "", "--prefix", "-w", "json")
                .ok("del", "", "--prefix", "-w", "json")
                .ok("del", "", "--from-key", "-w", "json")
                .ok("get", "", "--prefix", "-w", "json")
                .build();
    }

    static Scenario txn() {
        String all = """
                value("a") = "kilo"
                version("b") > "1"
                create("c") < "100"
                mod("foo") != "0"

                put x from-success
                get a
                del fop

                put x from-failure

                """;
        String failing = """
                value("a") = "nope"

                put y from-success

                put y from-failure
                get b

                """;
        String withFlags = """
                mod("a") > "0"

                get foo --prefix
                put z 1 --prev-kv
                del fo --prefix --prev-kv

                get a

                """;
        return new Builder("txn")
                .seedKeys()
                .txn(all)
                .txn(all, "-w", "json")
                .txn(all, "-w", "fields")
                .txn(failing)
                .txn(failing, "-w", "json")
                .txn(failing, "-w", "fields")
                .txn(withFlags, "-w", "json")
                .txn("value(\"missing\") != \"x\"\n\nput m yes\n\nput m no\n\n", "-w", "json")
                .txn("version(\"missing\") = \"0\"\ncreate(\"missing\") = \"0\"\n\nput m2 yes\n\nput m2 no\n\n")
                .txn("mod(\"a\") < \"3\"\n\nput m3 yes\n\nput m3 no\n\n", "-w", "json")
                .txn("value(\"b\") > \"aaa\"\nvalue(\"b\") < \"zzz\"\n\nget b\n\n\n", "-w", "json")
                .txn("\nput only 1\nput only2 2\n\n\n", "-w", "json")
                .txn("\n\n\n", "-w", "json")
                .txn("value(\"a\") = \"kilo\"\n\nput y 1\n\nput y 2\n\n", "-i")
                .txnFails("\nput dup 1\nput dup 2\n\n\n")
                .txnFails("\nput dup 1\nput dup 2\n\n\n", "-w", "json")
                .txnFails("\nput fo/x 1\ndel fo --prefix\n\n\n")
                .txnFails("\nget a --rev=1000\n\n\n")
                .txnFails("\nput k v --lease=99\n\n\n")
                .txnFails("bogus(\"a\") = \"1\"\n\n\n\n")
                .txnFails("value(\"a\") = \"kilo\"\n\nput y 1\n")
                .ok("get", "", "--prefix", "-w", "json")
                .build();
    }

    static Scenario compaction() {
        // etcd starts with no compaction (-1): compacting at 0 succeeds once and moves it to 0
        Builder b = new Builder("compaction")
                .ok("compaction", "0")
                .fails("compaction", "0")
                .fails("compaction", "2");
        for (int i = 1; i <= 6; i++) {
            b.ok("put", "a", "v" + i);
        }
        return b.ok("put", "b", "v")
                .ok("del", "b")
                .ok("compaction", "3")
                .fails("get", "a", "--rev=2")
                .fails("get", "a", "--rev=2", "-w", "json")
                .ok("get", "a", "--rev=3", "-w", "json")
                .fails("get", "a", "--rev=100")
                .fails("compaction", "3")
                .fails("compaction", "2")
                .fails("compaction", "100")
                .ok("compaction", "--physical", "5")
                .fails("get", "a", "--rev=4")
                .ok("get", "a", "--rev=5", "-w", "json")
                .ok("get", "b", "--rev=8", "-w", "json")
                .ok("compaction", "9", "-w", "json")
                .fails("get", "b", "--rev=8")
                .fails("txn", "--rev=1")
                .txnFails("\nget a --rev=2\n\n\n")
                .txn("\nget a --rev=-2\n\n\n", "-w", "json")
                .txn("\nget a --rev=-2\nput w 1\n\n\n", "-w", "json")
                .txnFails("\nget a --rev=2\nput nothing-here --ignore-value\n\n\n")
                .txnFails("\nget a --rev=2\nput k v --lease=42\n\n\n")
                .ok("get", "", "--prefix", "-w", "json")
                .fails("compaction", "abc")
                .fails("compaction")
                .build();
    }
}
