package dev.cairn.server.kv;

import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;

/**
 * The checks etcd makes on a KV request before it reaches the store, in etcd's order (the first
 * failing check decides the error). Stateless; thread-safe.
 */
final class RequestValidator {
    private RequestValidator() {}

    static void checkRange(RangeRequest r) {
        if (r.getKey().isEmpty()) {
            throw new KvException.KeyNotProvided();
        }
        if (RangeRequest.SortOrder.forNumber(r.getSortOrderValue()) == null
                || RangeRequest.SortTarget.forNumber(r.getSortTargetValue()) == null) {
            throw new KvException.InvalidSortOption();
        }
    }

    static void checkPut(PutRequest r) {
        if (r.getKey().isEmpty()) {
            throw new KvException.KeyNotProvided();
        }
        if (r.getIgnoreValue() && !r.getValue().isEmpty()) {
            throw new KvException.ValueProvided();
        }
        if (r.getIgnoreLease() && r.getLease() != 0) {
            throw new KvException.LeaseProvided();
        }
    }

    static void checkDeleteRange(DeleteRangeRequest r) {
        if (r.getKey().isEmpty()) {
            throw new KvException.KeyNotProvided();
        }
    }

    /**
     * Checks one Txn level and, recursively, its nested Txns. A level may hold at most {@code
     * budget} entries in each of compare, success and failure; its nested Txns get what the widest
     * of the three left over.
     */
    static void checkTxn(TxnRequest r, int budget) {
        int width = Math.max(r.getCompareCount(), Math.max(r.getSuccessCount(), r.getFailureCount()));
        if (width > budget) {
            throw new KvException.TooManyOps();
        }
        for (Compare c : r.getCompareList()) {
            if (c.getKey().isEmpty()) {
                throw new KvException.KeyNotProvided();
            }
        }
        for (RequestOp op : r.getSuccessList()) {
            checkOp(op, budget - width);
        }
        for (RequestOp op : r.getFailureList()) {
            checkOp(op, budget - width);
        }
    }

    private static void checkOp(RequestOp op, int nestedBudget) {
        switch (op.getRequestCase()) {
            case REQUEST_RANGE -> checkRange(op.getRequestRange());
            case REQUEST_PUT -> checkPut(op.getRequestPut());
            case REQUEST_DELETE_RANGE -> checkDeleteRange(op.getRequestDeleteRange());
            case REQUEST_TXN -> checkTxn(op.getRequestTxn(), nestedBudget);
            // etcd answers an op with no request set this way.
            case REQUEST_NOT_SET -> throw new KvException.KeyNotFound();
        }
    }
}
