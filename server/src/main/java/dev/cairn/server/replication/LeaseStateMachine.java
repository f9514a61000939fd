package dev.cairn.server.replication;

import dev.cairn.proto.etcdserverpb.LeaseCheckpointRequest;
import dev.cairn.proto.etcdserverpb.LeaseCheckpointResponse;
import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.storage.mvcc.WriteTxn;

/**
 * The lease set as deterministic state transitions, implemented by the lease package. Each method
 * runs inside one store write body on the store's writer thread and changes the store and the
 * in-memory lease set together. The ID and TTL of a grant were decided before it was proposed;
 * the only local input allowed is the member's own timing state (expiry instants), which never
 * changes what is written or answered.
 */
public interface LeaseStateMachine {
    LeaseGrantResponse grant(WriteTxn txn, LeaseGrantRequest request);

    LeaseRevokeResponse revoke(WriteTxn txn, LeaseRevokeRequest request);

    LeaseCheckpointResponse checkpoint(WriteTxn txn, LeaseCheckpointRequest request);
}
