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
 * The synced watchers, indexed for matching a commit's events. Watchers with the same range form
 * one {@link Group}, matched once per event however many watchers it holds (1,000 watchers on one
 * prefix cost one range check). Single-key groups are found by key (one hash lookup per event);
 * range groups are scanned per event, so the cost grows with the number of distinct ranges, not
 * of watchers. Owned by the hub thread.
 */
final class SyncedIndex {
    /** The synced watchers of one range, in the order they were added. */
    static final class Group {
        final Set<Watcher> watchers = new LinkedHashSet<>();
    }

    private final Map<ByteString, Group> byKey = new HashMap<>();
    private final Map<WatchRange, Group> ranges = new LinkedHashMap<>();
    private int size;

    void add(Watcher w) {
        Group g = w.range.single()
                ? byKey.computeIfAbsent(w.range.key(), k -> new Group())
                : ranges.computeIfAbsent(w.range, r -> new Group());
        if (g.watchers.add(w)) {
            size++;
        }
    }

    /** Removes {@code w}; returns whether it was here. */
    boolean remove(Watcher w) {
        Object slot = w.range.single() ? w.range.key() : w.range;
        Map<?, Group> index = w.range.single() ? byKey : ranges;
        Group g = index.get(slot);
        boolean removed = g != null && g.watchers.remove(w);
        if (g != null && g.watchers.isEmpty()) {
            index.remove(slot);
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
     * The groups that match at least one of {@code events}, each with its matching events in order
     * (unfiltered and unshaped), in first-match order. The lists are the caller's.
     */
    Map<Group, List<Event>> match(List<Event> events) {
        Map<Group, List<Event>> out = new LinkedHashMap<>();
        for (Event e : events) {
            ByteString key = e.getKv().getKey();
            Group exact = byKey.get(key);
            if (exact != null) {
                out.computeIfAbsent(exact, x -> new ArrayList<>()).add(e);
            }
            for (Map.Entry<WatchRange, Group> r : ranges.entrySet()) {
                if (r.getKey().contains(key)) {
                    out.computeIfAbsent(r.getValue(), x -> new ArrayList<>()).add(e);
                }
            }
        }
        return out;
    }
}
