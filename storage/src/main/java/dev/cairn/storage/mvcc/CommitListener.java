package dev.cairn.storage.mvcc;

import dev.cairn.proto.mvccpb.Event;
import java.util.List;

/**
 * Receives every committed write transaction that changed at least one key (the change feed
 * behind watch). Called on the store's completer thread, one transaction at a time in revision
 * order, after the transaction's group is durable and before the transaction's own future
 * completes. Implementations must not block; an exception is logged and the next listener (and
 * transaction) carries on.
 */
@FunctionalInterface
public interface CommitListener {

    /**
     * @param revision the transaction's main revision
     * @param events its changes in sub-revision order, as mvccpb.Event (PUT: kv = the new
     *     KeyValue; DELETE: kv = tombstone KeyValue with only key and mod_revision = revision set;
     *     prev_kv = the key's live KeyValue before the transaction, whenever it had one, as etcd
     *     reads prev_kv at revision - 1). Immutable.
     */
    void committed(long revision, List<Event> events);
}
