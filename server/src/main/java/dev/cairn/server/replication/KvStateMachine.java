package dev.cairn.server.replication;

import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.storage.mvcc.WriteTxn;

/**
 * etcd's KV write semantics as deterministic state transitions, implemented by the kv package.
 * Each method runs inside one store write body on the store's writer thread, gets only what the
 * entry carries (validated before it was proposed), and must read no clock and no state outside
 * {@code txn} and the replicated lease set. A broken domain rule is thrown as the domain
 * exception (the store then discards the body's changes).
 */
public interface KvStateMachine {
    PutResponse put(WriteTxn txn, PutRequest request);

    DeleteRangeResponse deleteRange(WriteTxn txn, DeleteRangeRequest request);

    TxnResponse txn(WriteTxn txn, TxnRequest request);
}
