package dev.cairn.server.watch;

import java.util.List;

/**
 * Where a watcher's output goes: a gRPC stream's outbox ({@link StreamState}) or an in-process
 * listener ({@link ListenerTarget}). Called on the hub thread only.
 */
sealed interface Target permits StreamState, ListenerTarget {

    /** True if one more event response fits; false makes the watcher a victim. */
    boolean hasRoom();

    /**
     * Delivers {@code events} (non-empty, already filtered for {@code watcher}) with {@code
     * headerRevision}.
     */
    void deliver(Watcher watcher, long headerRevision, List<dev.cairn.proto.mvccpb.Event> events);

    /** The watcher needs history below {@code compactRevision}; it is removed after this call. */
    void compacted(Watcher watcher, long compactRevision);

    /** A watcher left the hub for good (cancel, compaction, stream end); forget it. */
    void removed(Watcher watcher);
}
