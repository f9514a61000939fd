package dev.cairn.server.replication;

import com.google.protobuf.Message;
import java.util.concurrent.CompletableFuture;

/**
 * The result of applying one entry on this member. A request that broke a domain rule is applied
 * too (its index is recorded) but has no {@code Applied}: its future fails with the domain
 * exception ({@code KvException}, {@code LeaseException}, {@code CompactedException}, ...).
 * Immutable; thread-safe.
 *
 * @param index the raft index of the entry
 * @param response the applier's response ({@code PutResponse}, {@code DeleteRangeResponse},
 *     {@code TxnResponse}, {@code CompactionResponse}, {@code LeaseGrantResponse}, {@code
 *     LeaseRevokeResponse}, {@code LeaseCheckpointResponse}, the applied {@code MemberAttributes}
 *     themselves for a published-attributes entry; the empty {@code
 *     LeaseCheckpointResponse} for an entry without a body). Headers carry only {@code revision},
 *     except CompactionResponse, whose header is empty: the caller reads the store's revision
 *     when it answers, as etcd does
 * @param physicalDone completes when a compaction's old versions are gone from disk; already
 *     complete for every other request. Local to this member: never part of the replicated state
 */
public record Applied(long index, Message response, CompletableFuture<Void> physicalDone) {

    /** A result with nothing left to wait for. */
    public static Applied of(long index, Message response) {
        return new Applied(index, response, CompletableFuture.<Void>completedFuture(null));
    }

    /**
     * The response as {@code type}.
     *
     * @throws IllegalStateException if the entry's response is of another type (a bug: the
     *     proposer knows which body it proposed)
     */
    public <M extends Message> M response(Class<M> type) {
        if (!type.isInstance(response)) {
            throw new IllegalStateException("entry " + index + " answered "
                    + response.getClass().getSimpleName() + ", expected " + type.getSimpleName());
        }
        return type.cast(response);
    }
}
