package dev.cairn.server.kv;

import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.server.replication.KvStateMachine;
import dev.cairn.storage.mvcc.WriteTxn;

/**
 * The apply side of KV writes: Put, DeleteRange and writing Txns run on a store write transaction
 * as etcd's applier runs them, on every member in log order. Requests arrive validated (the
 * {@link KvApplier} that proposed them checked them); what depends on the state at apply time
 * (the lease of a Put, a Txn's compares and pre-checks, ignore_value on a missing key) is checked
 * here. Deterministic: reads nothing but {@code txn} and the replicated lease set.
 *
 * <p>Thread-safe and stateless: runs on the store's writer thread.
 */
public final class KvMachine implements KvStateMachine {
    private final LeaseLookup leases;

    /** @param leases the replicated lease set, as it stands at this point of the log */
    public KvMachine(LeaseLookup leases) {
        this.leases = leases;
    }

    @Override
    public PutResponse put(WriteTxn txn, PutRequest r) {
        if (r.getLease() != 0 && !leases.exists(r.getLease())) {
            throw new KvException.LeaseNotFound(r.getLease());
        }
        return KvOps.put(TxnState.writing(txn), r);
    }

    @Override
    public DeleteRangeResponse deleteRange(WriteTxn txn, DeleteRangeRequest r) {
        return KvOps.deleteRange(TxnState.writing(txn), r);
    }

    @Override
    public TxnResponse txn(WriteTxn txn, TxnRequest r) {
        return TxnExecutor.run(TxnState.writing(txn), r, leases);
    }
}
