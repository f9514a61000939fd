package dev.cairn.server.kv;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.storage.mvcc.RangeQuery;
import dev.cairn.storage.mvcc.ReadView;
import java.util.List;

/**
 * Evaluates Txn compares as etcd does. Every key in the compare's range must satisfy it; a missing
 * key (or an empty range) compares as an all-zero KeyValue, except that a VALUE compare on it is
 * always false. The compare's operand comes from its target_union only when the union holds the
 * field that matches the target; otherwise it is 0 or empty. Stateless; thread-safe.
 */
final class CompareEvaluator {
    private CompareEvaluator() {}

    /** True iff every compare holds in {@code view} (true for no compares). */
    static boolean all(ReadView view, List<Compare> compares) {
        for (Compare c : compares) {
            if (!holds(view, c)) {
                return false;
            }
        }
        return true;
    }

    static boolean holds(ReadView view, Compare c) {
        List<KeyValue> kvs =
                view.range(RangeQuery.of(c.getKey(), c.getRangeEnd())).kvs();
        if (kvs.isEmpty()) {
            return c.getTarget() != Compare.CompareTarget.VALUE && matches(c, KeyValue.getDefaultInstance());
        }
        for (KeyValue kv : kvs) {
            if (!matches(c, kv)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Compare c, KeyValue kv) {
        int order = order(c, kv);
        return switch (c.getResult()) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case GREATER -> order > 0;
            case LESS -> order < 0;
            // etcd lets an undefined result pass.
            case UNRECOGNIZED -> true;
        };
    }

    /** The sign of (the key's field) minus (the compare's operand). */
    private static int order(Compare c, KeyValue kv) {
        return switch (c.getTarget()) {
            case VERSION -> Long.compare(kv.getVersion(), operand(c, Compare.TargetUnionCase.VERSION));
            case CREATE -> Long.compare(kv.getCreateRevision(), operand(c, Compare.TargetUnionCase.CREATE_REVISION));
            case MOD -> Long.compare(kv.getModRevision(), operand(c, Compare.TargetUnionCase.MOD_REVISION));
            case LEASE -> Long.compare(kv.getLease(), operand(c, Compare.TargetUnionCase.LEASE));
            case VALUE -> ByteString.unsignedLexicographicalComparator().compare(kv.getValue(), valueOperand(c));
            // etcd treats an undefined target as equal.
            case UNRECOGNIZED -> 0;
        };
    }

    private static long operand(Compare c, Compare.TargetUnionCase expected) {
        if (c.getTargetUnionCase() != expected) {
            return 0;
        }
        return switch (expected) {
            case VERSION -> c.getVersion();
            case CREATE_REVISION -> c.getCreateRevision();
            case MOD_REVISION -> c.getModRevision();
            case LEASE -> c.getLease();
            case VALUE, TARGETUNION_NOT_SET -> 0;
        };
    }

    private static ByteString valueOperand(Compare c) {
        return c.getTargetUnionCase() == Compare.TargetUnionCase.VALUE ? c.getValue() : ByteString.EMPTY;
    }
}
