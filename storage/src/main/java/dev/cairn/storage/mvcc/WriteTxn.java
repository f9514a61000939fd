package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.KeyValue;
import java.util.List;
import java.util.Optional;

/**
 * A write transaction, owned by the writer thread for the duration of one {@link
 * MvccStore.WriteBody}. Reads through it see the transaction's own earlier changes (a range at
 * revision 0 reads the latest state including them), as etcd's write transactions do.
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
}
