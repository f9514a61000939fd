package dev.cairn.server.kv;

import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.ResponseOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import java.util.Iterator;

/**
 * Runs a Txn: decides its path ({@link TxnPlan}), pre-checks that path ({@link TxnPrecheck}), then
 * executes the chosen ops in order, each seeing the effects of the ones before it. All changes
 * share one revision. The top-level response header carries the revision after the Txn; per-op
 * responses carry only their revision; nested TxnResponses carry an empty header, as etcd's do.
 * Stateless; runs on the thread that owns the {@link TxnState}.
 */
final class TxnExecutor {
    private TxnExecutor() {}

    static TxnResponse run(TxnState state, TxnRequest txn, LeaseLookup leases) {
        TxnPlan plan = TxnPlan.evaluate(state.view(), txn);
        TxnPrecheck.check(state, plan, leases);
        TxnResponse.Builder response = execute(state, plan);
        return response.setHeader(KvOps.header(state.revision())).build();
    }

    private static TxnResponse.Builder execute(TxnState state, TxnPlan plan) {
        TxnResponse.Builder response = TxnResponse.newBuilder().setSucceeded(plan.succeeded());
        Iterator<TxnPlan> nested = plan.nested().iterator();
        for (RequestOp op : plan.ops()) {
            response.addResponses(executeOp(state, op, nested));
        }
        return response;
    }

    private static ResponseOp executeOp(TxnState state, RequestOp op, Iterator<TxnPlan> nested) {
        ResponseOp.Builder response = ResponseOp.newBuilder();
        switch (op.getRequestCase()) {
            case REQUEST_RANGE -> response.setResponseRange(KvOps.range(state, op.getRequestRange()));
            case REQUEST_PUT -> response.setResponsePut(KvOps.put(state, op.getRequestPut()));
            case REQUEST_DELETE_RANGE ->
                response.setResponseDeleteRange(KvOps.deleteRange(state, op.getRequestDeleteRange()));
            case REQUEST_TXN ->
                response.setResponseTxn(execute(state, nested.next()).setHeader(ResponseHeader.getDefaultInstance()));
            case REQUEST_NOT_SET -> {
                // Rejected by validation; etcd would answer with an empty ResponseOp.
            }
        }
        return response.build();
    }
}
