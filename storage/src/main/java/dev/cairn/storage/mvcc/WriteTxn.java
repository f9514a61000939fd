package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.KeyValue;
import java.util.List;
import java.util.Optional;

/**
 * A write transaction, owned by the writer thread for the duration of one {@link
 * MvccStore.WriteBody}. Reads through it see the transaction's own earlier changes (a range at
 * revision 0 reads the latest state including them), as etcd's write transactions do; so do its lease reads.
 *
 * <p>Every put and delete keeps the lease -> keys index ({@link #leaseKeys}) in step with the
 * {@code lease} field of the live keys, in the same batch.
 */
public interface WriteTxn extends ReadView {

    /** The main revision this transaction's changes get (current revision + 1). */
    long writeRevision();

    /**
     * Puts a key. The new KeyValue gets mod_revision = {@link #writeRevision()}, version + 1 (1 on
     * creation, also after a delete) and create_revision kept (or set on creation).
     *
     * @return the previous live KeyValue, if any
     */
    Optional<KeyValue> put(ByteString key, ByteString value, long lease);

    /**
     * Deletes every live key in [key, rangeEnd) with etcd's range conventions (empty rangeEnd =
     * the single key; "\0" = every key >= key), writing a tombstone for each.
     *
     * @return the deleted KeyValues in key order
     */
    List<KeyValue> deleteRange(ByteString key, ByteString rangeEnd);

    /** The latest live KeyValue of one key, including this transaction's changes. */
    Optional<KeyValue> get(ByteString key);

    /**
     * Grants or checkpoints a lease (replaces the record with the same ID). Does not change the
     * revision; a transaction that only touches leases is still fsynced before its future
     * completes.
     *
     * @throws IllegalArgumentException if {@code lease.id()} is 0
     */
    void putLease(LeaseRecord lease);

    /**
     * Removes a lease's record (revoke bookkeeping only). Does not delete the attached keys: the
     * caller deletes them with {@link #deleteRange} in the same transaction. Does not change the
     * revision by itself.
     *
     * @return true if the lease existed
     */
    boolean deleteLease(long id);

    /**
     * Puts a cluster record (a member, the cluster version: keys and values are the server's).
     * Does not change the revision and is not a watch event; it is in the transaction's batch, so
     * with the applied index of {@link MvccStore#write(long, MvccStore.WriteBody)}.
     */
    void putClusterRecord(ByteString key, ByteString value);

    /**
     * Removes a cluster record. Does not change the revision.
     *
     * @return true if the record existed
     */
    boolean deleteClusterRecord(ByteString key);
}
