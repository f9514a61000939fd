package dev.cairn.server.watch;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synced watchers, indexed for matching a commit's events: single-key watchers by key (one
 * hash lookup per event), range watchers in a list scanned per event. Owned by the hub thread.
 */
final class SyncedIndex {
    private final Map<ByteString, Set<Watcher>> byKey = new HashMap<>();
    private final Set<Watcher> ranges = new LinkedHashSet<>();
    private int size;

    void add(Watcher w) {
        boolean added = w.range.single()
                ? byKey.computeIfAbsent(w.range.key(), k -> new LinkedHashSet<>())
                        .add(w)
                : ranges.add(w);
        if (added) {
            size++;
        }
    }

    /** Removes {@code w}; returns whether it was here. */
    boolean remove(Watcher w) {
        boolean removed;
        if (w.range.single()) {
            Set<Watcher> set = byKey.get(w.range.key());
            removed = set != null && set.remove(w);
            if (set != null && set.isEmpty()) {
                byKey.remove(w.range.key());
            }
        } else {
            removed = ranges.remove(w);
        }
        if (removed) {
            size--;
        }
        return removed;
    }

    int size() {
        return size;
    }

    /**
     * The watchers that match at least one of {@code events}, each with its matching events in
     * order (unfiltered and unshaped), in first-match order.
     */
    Map<Watcher, List<Event>> match(List<Event> events) {
        Map<Watcher, List<Event>> out = new LinkedHashMap<>();
        for (Event e : events) {
            ByteString key = e.getKv().getKey();
            Set<Watcher> exact = byKey.get(key);
            if (exact != null) {
                for (Watcher w : exact) {
                    out.computeIfAbsent(w, x -> new ArrayList<>()).add(e);
                }
            }
            for (Watcher w : ranges) {
                if (w.range.contains(key)) {
                    out.computeIfAbsent(w, x -> new ArrayList<>()).add(e);
                }
            }
        }
        return out;
    }
}
