package dev.cairn.server.watch;

import dev.cairn.proto.mvccpb.Event;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Events that many watchers are served from, in the two shapes a watcher may want: as the store
 * reported them (with prev_kv) and without prev_kv, the latter made once, on first use, and then
 * shared by every watcher that did not ask for prev_kv (instead of one copy per watcher). Owned by
 * the hub thread.
 */
final class SharedEvents {
    private final List<Event> withPrev;
    private @Nullable List<Event> withoutPrev;

    SharedEvents(List<Event> events) {
        this.withPrev = events;
    }

    /** The events as {@code w} sees them: without prev_kv unless it asked; same order and size. */
    List<Event> shapedFor(Watcher w) {
        if (w.prevKv) {
            return withPrev;
        }
        List<Event> plain = withoutPrev;
        if (plain == null) {
            plain = strip(withPrev);
            withoutPrev = plain;
        }
        return plain;
    }

    private static List<Event> strip(List<Event> events) {
        for (Event e : events) {
            if (e.hasPrevKv()) {
                return events.stream()
                        .map(x -> x.hasPrevKv() ? x.toBuilder().clearPrevKv().build() : x)
                        .toList();
            }
        }
        return events;
    }
}
