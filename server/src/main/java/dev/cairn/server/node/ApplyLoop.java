package dev.cairn.server.node;

import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Entry;
import dev.cairn.raft.EntryType;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed entries in log order on its own thread ({@code cairn-raft-apply-<id>}), so the
 * driver never waits for the store. Entries at or below the store's applied index (read once at
 * start) are not applied again, which makes replay after a crash exactly-once; conf-change entries
 * are always applied to raft (it rebuilds its voters from them on restart) and to the in-memory
 * membership views. Every {@code snapshotCount} applied entries it asks the driver to compact.
 *
 * <p>{@link #submit} is called by the node's driver thread only; the entries are applied either on
 * the apply thread or, when it is idle, on the driver (see {@link #submit}): never on both at
 * once, so the apply state below is confined to whichever holds the turn (the {@code queued}
 * counter orders the hand-over).
 */
final class ApplyLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApplyLoop.class);

    private final StateMachine machine;
    private final Function<ConfChange, CompletableFuture<ConfState>> raftConfChange;
    private final Consumer<Command.Compact> compactor;
    private final Runnable leaderCaughtUp;
    private final java.util.function.BooleanSupplier isLeader;
    private final Consumer<Throwable> fatal;
    private final AppliedIndex applied;
    private final long storeApplied;
    private final long snapshotCount;
    private final ExecutorService thread;
    private final AtomicInteger queued = new AtomicInteger(); // batches handed to the apply thread, not done
    private ConfState initialConfState; // apply turn only (see submit)
    private final TreeMap<Long, ConfState> confStates = new TreeMap<>(); // apply turn only (see submit)
    private long submitted; // apply turn only (see submit): the last index handed to the machine
    private long lastSnapshotIndex; // apply turn only (see submit)

    ApplyLoop(
            long id,
            StateMachine machine,
            AppliedIndex applied,
            ConfState initialConfState,
            long snapshotIndex,
            long snapshotCount,
            Hooks hooks) {
        this.machine = machine;
        this.applied = applied;
        this.storeApplied = machine.appliedIndex();
        this.initialConfState = initialConfState;
        this.submitted = applied.get();
        this.lastSnapshotIndex = snapshotIndex;
        this.snapshotCount = snapshotCount;
        this.raftConfChange = hooks.raftConfChange();
        this.compactor = hooks.compactor();
        this.leaderCaughtUp = hooks.leaderCaughtUp();
        this.isLeader = hooks.isLeader();
        this.fatal = hooks.fatal();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cairn-raft-apply-" + Long.toHexString(id));
            t.setDaemon(true);
            return t;
        });
    }

    /** What the apply thread calls back into the node with. */
    record Hooks(
            Function<ConfChange, CompletableFuture<ConfState>> raftConfChange,
            Consumer<Command.Compact> compactor,
            Runnable leaderCaughtUp,
            java.util.function.BooleanSupplier isLeader,
            Consumer<Throwable> fatal) {}

    /** The store's applied index when the node started. */
    long storeApplied() {
        return storeApplied;
    }

    /**
     * Applies committed entries, or queues them for the apply thread; returns without waiting for
     * the store. Called by one thread only (the driver). When the apply thread has nothing queued
     * or running and no entry is a conf change (whose apply blocks), the entries are applied on the
     * caller: for normal entries that only submits the store writes, and it saves a thread hand-off
     * per round. Order is kept: entries go inline only when everything queued before has finished.
     */
    void submit(List<Entry> committed) {
        if (committed.isEmpty()) {
            return;
        }
        if (queued.get() == 0 && committed.stream().noneMatch(e -> e.type() == EntryType.CONF_CHANGE)) {
            try {
                applyAll(committed);
            } catch (RuntimeException | Error e) {
                fatal.accept(e);
            }
            return;
        }
        queued.incrementAndGet();
        thread.execute(() -> {
            try {
                applyAll(committed);
            } catch (RuntimeException | Error e) {
                fatal.accept(e);
            } finally {
                queued.decrementAndGet();
            }
        });
    }

    private void applyAll(List<Entry> committed) {
        for (Entry e : committed) {
            if (e.index() <= submitted) {
                continue; // at or below the snapshot the node started from
            }
            submitted = e.index();
            boolean replayed = e.index() <= storeApplied;
            long index = e.index();
            if (e.type() == EntryType.CONF_CHANGE) {
                applyConfChange(index, ConfChange.parse(e.data()), replayed);
            } else if (replayed) {
                done(index, null);
            } else {
                boolean leaderNoop = e.data().isEmpty();
                machine.applyNormal(index, e.data()).whenComplete((r, t) -> {
                    done(index, t);
                    if (leaderNoop && t == null && isLeader.getAsBoolean()) {
                        leaderCaughtUp.run();
                    }
                });
            }
        }
        long last = applied.get();
        if (last - lastSnapshotIndex >= snapshotCount) {
            lastSnapshotIndex = last;
            machine.syncApplied(); // the log up to `last` may be truncated: the store must hold it
            compactor.accept(new Command.Compact(last, confStateAt(last)));
        }
    }

    /** Runs where the apply completed (the store's completer thread, or here). */
    private void done(long index, @Nullable Throwable failure) {
        if (failure != null && !(unwrap(failure) instanceof RuntimeException)) {
            fatal.accept(unwrap(failure));
            return;
        }
        applied.advanceTo(index);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /**
     * The voters in force at applied index {@code index}: the newest conf change at or below it
     * (conf changes are rare; older ones are dropped as the applied index passes the next).
     */
    private ConfState confStateAt(long index) {
        var head = confStates.headMap(index, true);
        ConfState cs = head.isEmpty() ? initialConfState : head.lastEntry().getValue();
        long newest = head.isEmpty() ? 0 : head.lastKey();
        if (newest > 0) {
            initialConfState = cs;
            confStates.headMap(newest, true).clear();
        }
        return cs;
    }

    /**
     * A conf change waits for its membership write (rare, so the apply thread may block), then is
     * applied to raft on the driver, then to the transport's view.
     */
    private void applyConfChange(long index, ConfChange cc, boolean replayed) {
        ConfChange forRaft = await(machine.applyConfChange(index, cc, replayed), index);
        ConfState next = await(raftConfChange.apply(forRaft), index);
        confStates.put(index, next);
        logConfChange(forRaft, index, next);
        machine.confStateChanged(index, forRaft, next);
        done(index, null);
        // a snapshot at every conf change: a restart then starts from these voters instead of
        // replaying them from an empty configuration
        machine.syncApplied();
        compactor.accept(new Command.Compact(index, next));
    }

    private static <T> T await(CompletableFuture<T> f, long index) {
        try {
            return f.get();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted applying conf change at " + index, ie);
        } catch (ExecutionException ee) {
            throw new IllegalStateException("cannot apply conf change at " + index, ee.getCause());
        }
    }

    private static void logConfChange(ConfChange cc, long index, ConfState next) {
        log.info(
                "applied conf change {} {} at index {}; voters {} learners {}",
                cc.type(),
                Long.toHexString(cc.nodeId()),
                index,
                next.voters().stream().map(Long::toHexString).toList(),
                next.learners().stream().map(Long::toHexString).toList());
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
