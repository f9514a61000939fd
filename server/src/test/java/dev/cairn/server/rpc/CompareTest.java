package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.Ops.bs;
import static dev.cairn.server.rpc.Ops.cmp;
import static dev.cairn.server.rpc.Ops.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.etcdserverpb.Compare.CompareResult;
import dev.cairn.proto.etcdserverpb.Compare.CompareTarget;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every compare target against every result, on an existing key and a missing one. The store
 * holds k = "m" with create 2, mod 3, version 2, lease 0 (revision 3).
 */
class CompareTest {
    @TempDir
    Path dir;

    KvFixture f;

    @BeforeEach
    void start() {
        f = new KvFixture(dir);
        f.put("k", "a");
        f.put("k", "m");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("cases")
    void comparesAsEtcdDoes(String key, CompareTarget target, CompareResult result, Object operand, boolean expected) {
        Compare.Builder c = cmp(key, target, result);
        switch (target) {
            case VERSION -> c.setVersion((Long) operand);
            case CREATE -> c.setCreateRevision((Long) operand);
            case MOD -> c.setModRevision((Long) operand);
            case LEASE -> c.setLease((Long) operand);
            case VALUE -> c.setValue(bs((String) operand));
            case UNRECOGNIZED -> throw new IllegalArgumentException();
        }
        assertThat(f.kv.txn(when(c.build()).build()).getSucceeded()).isEqualTo(expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                a("k", CompareTarget.VERSION, CompareResult.EQUAL, 2L, true),
                a("k", CompareTarget.VERSION, CompareResult.GREATER, 1L, true),
                a("k", CompareTarget.VERSION, CompareResult.LESS, 2L, false),
                a("k", CompareTarget.VERSION, CompareResult.NOT_EQUAL, 2L, false),
                a("k", CompareTarget.CREATE, CompareResult.EQUAL, 2L, true),
                a("k", CompareTarget.CREATE, CompareResult.GREATER, 2L, false),
                a("k", CompareTarget.CREATE, CompareResult.LESS, 3L, true),
                a("k", CompareTarget.CREATE, CompareResult.NOT_EQUAL, 3L, true),
                a("k", CompareTarget.MOD, CompareResult.EQUAL, 3L, true),
                a("k", CompareTarget.MOD, CompareResult.GREATER, 2L, true),
                a("k", CompareTarget.MOD, CompareResult.LESS, 3L, false),
                a("k", CompareTarget.MOD, CompareResult.NOT_EQUAL, 3L, false),
                a("k", CompareTarget.LEASE, CompareResult.EQUAL, 0L, true),
                a("k", CompareTarget.LEASE, CompareResult.GREATER, -1L, true),
                a("k", CompareTarget.LEASE, CompareResult.LESS, 0L, false),
                a("k", CompareTarget.LEASE, CompareResult.NOT_EQUAL, 5L, true),
                a("k", CompareTarget.VALUE, CompareResult.EQUAL, "m", true),
                a("k", CompareTarget.VALUE, CompareResult.GREATER, "l", true),
                a("k", CompareTarget.VALUE, CompareResult.GREATER, "mm", false),
                a("k", CompareTarget.VALUE, CompareResult.LESS, "n", true),
                a("k", CompareTarget.VALUE, CompareResult.NOT_EQUAL, "m", false),
                // A missing key compares as all zeros ...
                a("nope", CompareTarget.VERSION, CompareResult.EQUAL, 0L, true),
                a("nope", CompareTarget.CREATE, CompareResult.EQUAL, 0L, true),
                a("nope", CompareTarget.MOD, CompareResult.EQUAL, 0L, true),
                a("nope", CompareTarget.LEASE, CompareResult.EQUAL, 0L, true),
                a("nope", CompareTarget.MOD, CompareResult.LESS, 1L, true),
                a("nope", CompareTarget.VERSION, CompareResult.GREATER, 0L, false),
                // ... except that a VALUE compare on it is always false.
                a("nope", CompareTarget.VALUE, CompareResult.EQUAL, "", false),
                a("nope", CompareTarget.VALUE, CompareResult.NOT_EQUAL, "x", false),
                a("nope", CompareTarget.VALUE, CompareResult.LESS, "x", false));
    }

    @org.junit.jupiter.api.Test
    void unsetOrMismatchedOperandComparesWithZero() {
        Compare unset = cmp("k", CompareTarget.MOD, CompareResult.GREATER).build();
        Compare mismatched = cmp("k", CompareTarget.VERSION, CompareResult.GREATER)
                .setModRevision(99)
                .build();
        Compare unsetValue =
                cmp("k", CompareTarget.VALUE, CompareResult.GREATER).build();
        assertThat(f.kv.txn(when(unset).build()).getSucceeded()).isTrue();
        assertThat(f.kv.txn(when(mismatched).build()).getSucceeded()).isTrue();
        assertThat(f.kv.txn(when(unsetValue).build()).getSucceeded()).isTrue();
    }

    private static Arguments a(String key, CompareTarget t, CompareResult r, Object operand, boolean expected) {
        return Arguments.of(key, t, r, operand, expected);
    }
}
