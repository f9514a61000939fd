package dev.cairn.server.watch;

import dev.cairn.proto.mvccpb.Event;
import java.util.List;

/**
 * Receives an in-process watch ({@link WatchHub#watch}). Called on the hub thread, in revision
 * order, never concurrently; must not block.
 */
public interface EventListener {

    /**
     * The next events for the watch, in (revision, sub-revision) order; whole revisions. {@code
     * revision} is the store revision the hub had reached (the events' own revision when live).
     * Events carry prev_kv when the key had a live version.
     */
    void onEvents(long revision, List<Event> events);

    /**
     * The watch ended and no call follows: {@link dev.cairn.storage.mvcc.CompactedException} if
     * it needed compacted history, {@link HubStoppedException} on shutdown, or a storage failure.
     * Not called after the watch is cancelled by its owner.
     */
    void onEnd(Throwable cause);
}
