package dev.cairn.server.watch;

import dev.cairn.proto.mvccpb.Event;
import dev.cairn.storage.mvcc.CompactedException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one in-process watcher to an {@link EventListener}; always has room (the listener must
 * not block). Owned by the hub thread.
 */
final class ListenerTarget implements Target {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerTarget.class);

    private final EventListener listener;

    ListenerTarget(EventListener listener) {
        this.listener = listener;
    }

    @Override
    public boolean hasRoom() {
        return true;
    }

    @Override
    public void deliver(Watcher watcher, long headerRevision, List<Event> events) {
        try {
            listener.onEvents(headerRevision, events);
        } catch (RuntimeException e) {
            LOG.warn("watch listener failed", e);
        }
    }

    @Override
    public void compacted(Watcher watcher, long compactRevision) {
        end(new CompactedException(watcher.nextRevision, compactRevision));
    }

    @Override
    public void removed(Watcher watcher) {}

    void end(Throwable cause) {
        try {
            listener.onEnd(cause);
        } catch (RuntimeException e) {
            LOG.warn("watch listener failed", e);
        }
    }
}
