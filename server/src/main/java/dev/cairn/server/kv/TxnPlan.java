package dev.cairn.server.kv;

import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.storage.mvcc.ReadView;
import java.util.ArrayList;
import java.util.List;

/**
 * The path a Txn takes, decided before any of it runs: which branch each level executes. All
 * compares, nested ones included, are evaluated against the state before the Txn. Immutable.
 *
 * @param succeeded whether this level's compares held
 * @param ops the ops of the branch that runs
 * @param nested one plan per nested Txn op in {@code ops}, in order
 */
record TxnPlan(boolean succeeded, List<RequestOp> ops, List<TxnPlan> nested) {
    TxnPlan {
        ops = List.copyOf(ops);
        nested = List.copyOf(nested);
    }

    static TxnPlan evaluate(ReadView view, TxnRequest txn) {
        boolean succeeded = CompareEvaluator.all(view, txn.getCompareList());
        List<RequestOp> ops = succeeded ? txn.getSuccessList() : txn.getFailureList();
        List<TxnPlan> nested = new ArrayList<>();
        for (RequestOp op : ops) {
            if (op.hasRequestTxn()) {
                nested.add(evaluate(view, op.getRequestTxn()));
            }
        }
        return new TxnPlan(succeeded, ops, nested);
    }

    /** etcd's read-only Txn: every op of both top-level branches is a Range. */
    static boolean isReadOnly(TxnRequest txn) {
        return txn.getSuccessList().stream().allMatch(RequestOp::hasRequestRange)
                && txn.getFailureList().stream().allMatch(RequestOp::hasRequestRange);
    }
}
