package dev.cairn.server.watch;

import dev.cairn.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * One watcher: what it matches, its options, and where it stands. Owned by the hub thread.
 *
 * <p>{@link #nextRevision} is the first revision it has not been given yet. A SYNCED watcher
 * receives commits live (those at or above {@code nextRevision}: a future start waits); an
 * UNSYNCED watcher is behind the hub and catches up from history; a victim is an UNSYNCED watcher
 * whose target has no room, so catch-up skips it until the target drains.
 */
final class Watcher {
    enum State {
        SYNCED,
        UNSYNCED,
        REMOVED
    }

    final long id;
    final WatchRange range;
    final long startRevision;
    final boolean prevKv;
    final boolean noPut;
    final boolean noDelete;
    final boolean fragment;
    final boolean progressNotify;
    final Target target;

    long nextRevision;
    State state = State.UNSYNCED;

    /** No events were sent since the last progress tick (etcd's per-watcher progress flag). */
    boolean quiet = true;

    Watcher(long id, WatchRange range, long startRevision, Options options, Target target) {
        this.id = id;
        this.range = range;
        this.startRevision = startRevision;
        this.prevKv = options.prevKv();
        this.noPut = options.noPut();
        this.noDelete = options.noDelete();
        this.fragment = options.fragment();
        this.progressNotify = options.progressNotify();
        this.target = target;
        this.nextRevision = startRevision;
    }

    /** The watch options of a create request. */
    record Options(boolean prevKv, boolean noPut, boolean noDelete, boolean fragment, boolean progressNotify) {
        static final Options INTERNAL = new Options(true, false, false, false, false);
    }

    /** True if the event's kind passes the NOPUT / NODELETE filters. */
    boolean passes(Event e) {
        return switch (e.getType()) {
            case PUT -> !noPut;
            case DELETE -> !noDelete;
            default -> true;
        };
    }

    /**
     * The live events this watcher gets from {@code matching} (in its range, ordered, already
     * shaped for its prev_kv option): those at or above {@code from} that pass the filters. Returns
     * {@code matching} itself when all of them do (read-only for the caller).
     */
    List<Event> pick(List<Event> matching, long from) {
        int keep = 0;
        for (Event e : matching) {
            if (wants(e, from)) {
                keep++;
            }
        }
        if (keep == matching.size()) {
            return matching;
        }
        List<Event> out = new ArrayList<>(keep);
        for (Event e : matching) {
            if (wants(e, from)) {
                out.add(e);
            }
        }
        return out;
    }

    private boolean wants(Event e, long from) {
        return e.getKv().getModRevision() >= from && passes(e);
    }

    /**
     * The events this watcher gets from {@code events} (ordered, already shaped for its prev_kv
     * option): in range, with revision in [from, to], passing the filters.
     */
    List<Event> select(List<Event> events, long from, long to) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            long rev = e.getKv().getModRevision();
            if (rev >= from && rev <= to && range.contains(e.getKv().getKey()) && passes(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * True if progress may be announced for this watcher at {@code revision}: it is live and the
     * store has reached its start revision.
     */
    boolean progressible(long revision) {
        return state == State.SYNCED && revision >= startRevision;
    }
}
