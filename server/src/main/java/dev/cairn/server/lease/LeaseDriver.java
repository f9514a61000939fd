package dev.cairn.server.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the {@link Lessor}'s decisions while this member leads: every {@link
 * LeaseConfig#tickInterval} it proposes the revokes of the expired leases (at most {@link
 * LeaseConfig#revokesPerTick} per tick, which is etcd's 1000 per second), and every {@link
 * LeaseConfig#checkpointInterval} it proposes the remaining TTLs as checkpoints. Each revoke is
 * its own proposal, applied in log order like any client write, so its keys go at one revision
 * and expiry keeps going under write load. On a member that does not lead, ticks do nothing (the
 * leader expires and checkpoints for everyone). {@link #close} proposes a last checkpoint of every
 * lease, if this member leads, so a graceful restart does not renew them; close the driver before
 * the proposer stops.
 *
 * <p>Thread-safe. Owns one scheduler thread ({@code cairn-lease}) once {@link #start}ed; {@link
 * #tick} is synchronized so the scheduler and tests never overlap. Ticks never wait for the
 * proposals they make; their futures complete on the thread that applies them.
 */
public final class LeaseDriver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseDriver.class);

    /** etcd's largest checkpoint batch per proposal. */
    static final int CHECKPOINT_BATCH = 1000;

    /** How long {@link #close} waits for its final checkpoint. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Lessor lessor;
    private final long checkpointEveryTicks;
    private long ticksSinceCheckpoint; // guarded by this
    private @Nullable ScheduledExecutorService scheduler; // guarded by this

    public LeaseDriver(Lessor lessor) {
        this.lessor = lessor;
        LeaseConfig config = lessor.config();
        this.checkpointEveryTicks = Math.max(
                1, config.checkpointInterval().toNanos() / config.tickInterval().toNanos());
    }

    /** Starts the scheduler thread. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-lease");
            t.setDaemon(true);
            return t;
        });
        long period = lessor.config().tickInterval().toNanos();
        var unused = s.scheduleWithFixedDelay(this::scheduledTick, period, period, TimeUnit.NANOSECONDS);
        scheduler = s;
    }

    /**
     * One pass: submits the revokes of up to {@link LeaseConfig#revokesPerTick} expired leases and,
     * every {@link LeaseConfig#checkpointInterval}, the checkpoints due.
     *
     * @return completes when every write submitted by this pass has completed
     */
    public synchronized CompletableFuture<Void> tick() {
        if (!lessor.isLeader()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (long id : lessor.takeExpired(lessor.config().revokesPerTick())) {
            writes.add(lessor.revokeExpired(id));
        }
        if (++ticksSinceCheckpoint >= checkpointEveryTicks) {
            ticksSinceCheckpoint = 0;
            writes.add(checkpointNow());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /**
     * Proposes the remaining TTL of every lease that ran down, in batches of 1000 per proposal;
     * nothing on a member that does not lead.
     */
    public CompletableFuture<Void> checkpointNow() {
        if (!lessor.isLeader()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Lessor.Checkpoint> due = lessor.planCheckpoints();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int from = 0; from < due.size(); from += CHECKPOINT_BATCH) {
            writes.add(lessor.checkpoint(due.subList(from, Math.min(due.size(), from + CHECKPOINT_BATCH))));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** Stops the scheduler, then checkpoints every lease (waiting up to {@link #CLOSE_WAIT}). */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        try {
            checkpointNow().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException | RuntimeException e) {
            log.warn("could not checkpoint leases on shutdown", e);
        }
    }

    private void scheduledTick() {
        try {
            var unused = tick().whenComplete((done, failure) -> {
                if (failure != null) {
                    log.warn("lease expiry or checkpoint failed; retrying next tick", failure);
                }
            });
        } catch (RuntimeException e) {
            log.warn("lease tick failed", e);
        }
    }
}
