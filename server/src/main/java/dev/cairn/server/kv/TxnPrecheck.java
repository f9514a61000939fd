package dev.cairn.server.kv;

import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.storage.mvcc.CompactedException;
import dev.cairn.storage.mvcc.FutureRevisionException;
import java.util.Iterator;

/**
 * The checks etcd runs on the branch a Txn will take, before executing any of it, so that a Txn
 * either fails whole or runs whole: Range revisions (future or compacted), and Puts (ignore_* on a
 * missing key, unknown lease). Ops of the branch that does not run are not checked. Stateless;
 * thread-safe.
 */
final class TxnPrecheck {
    private TxnPrecheck() {}

    static void check(TxnState state, TxnPlan plan, LeaseLookup leases) {
        Iterator<TxnPlan> nested = plan.nested().iterator();
        for (RequestOp op : plan.ops()) {
            switch (op.getRequestCase()) {
                case REQUEST_RANGE -> checkRange(state, op.getRequestRange());
                case REQUEST_PUT -> checkPut(state, op.getRequestPut(), leases);
                case REQUEST_TXN -> check(state, nested.next(), leases);
                case REQUEST_DELETE_RANGE, REQUEST_NOT_SET -> {}
            }
        }
    }

    /**
     * etcd compares a nonzero revision with the view's revision and with its first readable
     * revision, which is -1 before the first compaction; so a negative revision passes until then
     * (and reads the latest state) and fails as compacted afterwards.
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
        long compacted = state.view().compactRevision();
        long firstReadable = compacted == 0 ? -1 : compacted;
        if (revision < firstReadable) {
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
