package dev.cairn.storage.mvcc;

import dev.cairn.proto.mvccpb.Event;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link CommitListener}s. Thread-safe to {@link #add}; {@link #publish} is called
 * only on the writer's completer thread ({@code cairn-mvcc-completer}), in revision order, so
 * listeners see transactions one at a time and in order.
 */
final class CommitFeed {
    private static final Logger LOG = LoggerFactory.getLogger(CommitFeed.class);

    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();

    void add(CommitListener listener) {
        listeners.add(listener);
    }

    /** Delivers one committed transaction to every listener; a throwing listener is logged. */
    void publish(long revision, List<Event> events) {
        for (CommitListener listener : listeners) {
            try {
                listener.committed(revision, events);
            } catch (Throwable e) { // even an Error: the futures behind it must still complete
                LOG.error("commit listener {} failed at revision {}", listener, revision, e);
            }
        }
    }
}
