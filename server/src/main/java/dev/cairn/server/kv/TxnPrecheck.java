package dev.cairn.server.kv;

import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.storage.mvcc.CompactedException;
import dev.cairn.storage.mvcc.FutureRevisionException;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The checks etcd runs on the branch a Txn will take, before executing any of it, so that a Txn
 * either fails whole or runs whole. As etcd, every Put of the branch (ignore_* on a missing key,
 * unknown lease) is checked before any Range (future or compacted revision), so
 * a Put error wins over a Range error wherever the two stand. Ops of the branch that does not run
 * are not checked. Stateless; thread-safe.
 */
final class TxnPrecheck {
    private TxnPrecheck() {}

    static void check(TxnState state, TxnPlan plan, LeaseLookup leases) {
        visit(plan, op -> {
            if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_PUT) {
                checkPut(state, op.getRequestPut(), leases);
            }
        });
        visit(plan, op -> {
            if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_RANGE) {
                checkRange(state, op.getRequestRange());
            }
        });
    }

    /** Visits the ops of the branch that will run, depth first, in order. */
    private static void visit(TxnPlan plan, Consumer<RequestOp> check) {
        Iterator<TxnPlan> nested = plan.nested().iterator();
        for (RequestOp op : plan.ops()) {
            if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_TXN) {
                visit(nested.next(), check);
            } else {
                check.accept(op);
            }
        }
    }

    /**
     * etcd compares a nonzero revision with the view's revision and with its compact revision,
     * which is -1 before the first compaction; so a negative revision passes until then (and reads
     * the latest state) and fails as compacted afterwards, even after a Compact at revision 0.
     */
    private static void checkRange(TxnState state, RangeRequest r) {
        long revision = r.getRevision();
        if (revision == 0) {
            return;
        }
        long current = state.beginRevision();
        if (revision > current) {
            throw new FutureRevisionException(revision, current);
        }
        long compacted = state.view().compactRevision(); // -1 until the first compaction
        if (revision < compacted) {
            throw new CompactedException(revision, compacted);
        }
    }

    private static void checkPut(TxnState state, PutRequest p, LeaseLookup leases) {
        if ((p.getIgnoreValue() || p.getIgnoreLease())
                && KvOps.latest(state.view(), p.getKey()).isEmpty()) {
            throw new KvException.KeyNotFound();
        }
        if (p.getLease() != 0 && !leases.exists(p.getLease())) {
            throw new KvException.LeaseNotFound(p.getLease());
        }
    }
}
