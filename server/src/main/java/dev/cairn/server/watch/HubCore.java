package dev.cairn.server.watch;

import dev.cairn.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The hub's state and its live path: the revision the hub has reached, the synced index, the
 * unsynced set, the open streams and the deferred progress requests. Commits are matched against
 * the synced watchers; a watcher whose target is full becomes a victim (unsynced from the
 * revision it missed). Owned by the hub thread: every method runs there.
 */
final class HubCore {
    private final Executor hub;
    private final SyncedIndex synced = new SyncedIndex();

    /** Unsynced watchers, least recently served first (catch-up fairness). */
    final LinkedHashSet<Watcher> unsynced = new LinkedHashSet<>();

    final Set<StreamState> streams = new LinkedHashSet<>();
    final Set<ListenerTarget> listeners = new HashSet<>();
    private final Set<StreamState> deferred = new LinkedHashSet<>();

    private @Nullable Runnable syncPass;
    private boolean syncScheduled;
    private boolean stopped;

    /** The revision of the last commit the hub processed (the store revision as the hub knows it). */
    long revision;

    HubCore(Executor hub) {
        this.hub = hub;
    }

    /** Sets the catch-up pass that {@link #scheduleSync} posts. */
    void catchUp(Runnable pass) {
        this.syncPass = pass;
    }

    boolean stopped() {
        return stopped;
    }

    /**
     * Committed transactions, in revision order, that waited together for the hub: live delivery
     * to every synced watcher they match. One commit is the usual case; several mean the hub fell
     * behind the store, and then each watcher gets its events of all of them in one response whose
     * header carries the last revision, as etcd serves a watcher that fell behind.
     */
    void onCommits(List<CommitInbox.Commit> commits) {
        if (stopped) {
            return;
        }
        List<Event> events = new ArrayList<>();
        long first = 0;
        for (CommitInbox.Commit c : commits) {
            if (c.revision() > revision) {
                first = first == 0 ? c.revision() : first;
                revision = c.revision();
                events.addAll(c.events());
            }
        }
        if (first != 0 && synced.size() > 0) {
            for (Map.Entry<SyncedIndex.Group, List<Event>> m :
                    synced.match(events).entrySet()) {
                notify(m.getKey(), first, revision, Collections.unmodifiableList(m.getValue()));
            }
        }
        retryDeferred();
    }

    /** Gives each watcher of {@code g} its part of {@code matching} (revisions first..last). */
    private void notify(SyncedIndex.Group g, long first, long last, List<Event> matching) {
        SharedEvents shared = new SharedEvents(matching);
        List<Watcher> victims = new ArrayList<>(0);
        for (Watcher w : g.watchers) {
            long from = Math.max(first, w.nextRevision);
            if (from > last) {
                continue; // a future start revision not reached yet
            }
            List<Event> out = w.pick(shared.shapedFor(w), from);
            if (out.isEmpty()) {
                w.nextRevision = last + 1;
            } else if (w.target.hasRoom()) {
                w.nextRevision = last + 1;
                w.target.deliver(w, last, out);
            } else {
                w.nextRevision = from;
                victims.add(w);
            }
        }
        for (Watcher w : victims) {
            synced.remove(w);
            w.state = Watcher.State.UNSYNCED;
            unsynced.add(w);
        }
    }

    /** Registers a new watcher: synced when it starts now or in the future, else unsynced. */
    void add(Watcher w) {
        if (w.startRevision == 0 || w.startRevision > revision) {
            w.nextRevision = Math.max(revision + 1, w.startRevision);
            w.state = Watcher.State.SYNCED;
            synced.add(w);
        } else {
            w.nextRevision = w.startRevision;
            w.state = Watcher.State.UNSYNCED;
            unsynced.add(w);
            scheduleSync();
        }
    }

    /** A caught-up watcher goes live. */
    void markSynced(Watcher w) {
        unsynced.remove(w);
        w.state = Watcher.State.SYNCED;
        synced.add(w);
    }

    /** Removes a watcher for good and tells its target. */
    void remove(Watcher w) {
        switch (w.state) {
            case SYNCED -> synced.remove(w);
            case UNSYNCED -> unsynced.remove(w);
            case REMOVED -> {
                return;
            }
        }
        w.state = Watcher.State.REMOVED;
        w.target.removed(w);
        if (w.target instanceof ListenerTarget l) {
            listeners.remove(l);
        }
    }

    /** Ends a stream: removes its watchers, stops its ticks, and tells the client if {@code cause}. */
    void endStream(StreamState s, @Nullable Throwable cause) {
        if (s.ended) {
            return;
        }
        for (Watcher w : List.copyOf(s.watchers.values())) {
            remove(w);
        }
        s.ended = true;
        s.outbox.clear();
        TickSource.Ticket t = s.ticket;
        if (t != null) {
            t.cancel();
        }
        streams.remove(s);
        deferred.remove(s);
        if (cause != null) {
            s.sink.end(cause);
        }
    }

    /** Stops the hub: every stream ends with {@link HubStoppedException}, as do in-process watches. */
    void stop() {
        for (StreamState s : List.copyOf(streams)) {
            endStream(s, new HubStoppedException());
        }
        for (Watcher w : List.copyOf(unsynced)) {
            remove(w);
        }
        for (ListenerTarget l : List.copyOf(listeners)) {
            l.end(new HubStoppedException());
        }
        listeners.clear();
        stopped = true;
    }

    /** Posts a catch-up pass unless one is pending or nothing is behind. */
    void scheduleSync() {
        Runnable pass = syncPass;
        if (syncScheduled || unsynced.isEmpty() || stopped || pass == null) {
            return;
        }
        syncScheduled = true;
        hub.execute(() -> {
            syncScheduled = false;
            pass.run();
        });
    }

    /** Defers a progress request until every watcher of {@code s} is synced. */
    void deferProgress(StreamState s) {
        s.deferredProgress = true;
        deferred.add(s);
    }

    /** Answers the deferred progress requests whose streams are now all synced. */
    void retryDeferred() {
        if (deferred.isEmpty()) {
            return;
        }
        for (StreamState s : List.copyOf(deferred)) {
            if (tryProgressAll(s)) {
                s.deferredProgress = false;
                deferred.remove(s);
            }
        }
    }

    /**
     * Sends the stream-wide progress notification (watch_id -1, the hub's revision) if every
     * watcher of the stream is synced and past its start revision. With no watchers nothing is sent
     * and the request counts as answered (etcd does the same).
     */
    boolean tryProgressAll(StreamState s) {
        for (Watcher w : s.watchers.values()) {
            if (!w.progressible(revision)) {
                return false;
            }
        }
        if (!s.watchers.isEmpty()) {
            s.control(Responses.progress(s.sink.header(revision), Responses.INVALID_ID));
        }
        return true;
    }
}
