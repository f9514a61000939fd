package dev.cairn.server.watch;

import dev.cairn.proto.mvccpb.Event;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One catch-up pass over the unsynced watchers (etcd's syncWatchers): take up to {@code
 * catchUpWatchers} of them whose targets have room (victims without room wait for their stream to
 * drain), cancel those that need compacted history, read the history from the lowest revision they
 * need (at most {@code catchUpRevisions} revisions, whole revisions, bounded in events) and give
 * each watcher its part in one response whose header carries the hub's revision. A watcher that
 * reaches the hub's revision goes live. Owned by the hub thread.
 */
final class CatchUp implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

    private final HubCore core;
    private final MvccStore store;
    private final WatchSettings settings;

    CatchUp(HubCore core, MvccStore store, WatchSettings settings) {
        this.core = core;
        this.store = store;
        this.settings = settings;
    }

    @Override
    public void run() {
        if (core.stopped()) {
            return;
        }
        List<Watcher> chosen = choose();
        if (chosen.isEmpty()) {
            return;
        }
        boolean progressed;
        try (ReadView view = store.read()) {
            progressed = pass(view, chosen);
        } catch (RuntimeException e) {
            LOG.warn("watch catch-up failed; ending the affected watches", e);
            fail(chosen, e);
            progressed = true;
        }
        core.retryDeferred();
        if (progressed) {
            core.scheduleSync();
        }
    }

    private List<Watcher> choose() {
        List<Watcher> chosen = new ArrayList<>();
        for (Watcher w : core.unsynced) {
            if (chosen.size() >= settings.catchUpWatchers()) {
                break;
            }
            if (w.target.hasRoom()) {
                chosen.add(w);
            }
        }
        return chosen;
    }

    private boolean pass(ReadView view, List<Watcher> chosen) {
        long compact = view.compactRevision();
        List<Watcher> live = new ArrayList<>();
        boolean progressed = false;
        for (Watcher w : chosen) {
            if (w.nextRevision < compact) {
                w.target.compacted(w, compact);
                core.remove(w);
                progressed = true;
            } else {
                live.add(w);
            }
        }
        if (live.isEmpty()) {
            return progressed;
        }
        long from = live.stream().mapToLong(w -> w.nextRevision).min().orElseThrow();
        long to = Math.min(from + settings.catchUpRevisions() - 1, core.revision);
        List<Event> events = view.events(from, to, settings.catchUpEvents());
        long readTo = events.size() >= settings.catchUpEvents() ? revisionOf(events.getLast()) : to;
        SharedEvents shared = new SharedEvents(events);
        for (Watcher w : live) {
            progressed |= serve(w, shared.shapedFor(w), readTo);
        }
        return progressed;
    }

    /**
     * Gives {@code w} its events (from {@code events}, shaped for its prev_kv option) up to {@code
     * readTo}; returns whether it moved.
     */
    private boolean serve(Watcher w, List<Event> events, long readTo) {
        if (w.state != Watcher.State.UNSYNCED || w.nextRevision > readTo || !w.target.hasRoom()) {
            return false;
        }
        List<Event> mine = w.select(events, w.nextRevision, readTo);
        w.nextRevision = readTo + 1;
        if (!mine.isEmpty()) {
            w.target.deliver(w, core.revision, mine);
        }
        if (w.state != Watcher.State.UNSYNCED) {
            return true; // its target removed it while delivering
        }
        if (w.nextRevision > core.revision) {
            core.markSynced(w);
        } else {
            core.unsynced.remove(w);
            core.unsynced.add(w); // to the back: the others get the next pass first
        }
        return true;
    }

    private void fail(List<Watcher> chosen, RuntimeException e) {
        Set<Target> targets = new LinkedHashSet<>();
        chosen.forEach(w -> targets.add(w.target));
        for (Target t : targets) {
            switch (t) {
                case StreamState s -> core.endStream(s, e);
                case ListenerTarget l -> l.end(e);
            }
        }
        for (Watcher w : chosen) {
            core.remove(w);
        }
    }

    private static long revisionOf(Event e) {
        return e.getKv().getModRevision();
    }
}
