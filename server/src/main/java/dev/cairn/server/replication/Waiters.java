package dev.cairn.server.replication;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The proposals of this member still waiting for their apply, by request ID (etcd's wait.Wait).
 * The proposer {@link #register}s an ID before it proposes; the apply side {@link #complete}s or
 * {@link #fail}s it once the entry with that ID is applied here, which is a no-op for IDs this
 * member did not propose (another member's requests, or ones that timed out already). A
 * registered ID that is not applied within the timeout fails with {@link
 * ReplicationException.RequestTimedOut}.
 *
 * <p>Thread-safe: registration, completion and timeouts may race; each future completes once.
 */
public final class Waiters {
    /** etcd's request timeout with its default election timeout: 5 s + 2 x 1 s. */
    public static final Duration DEFAULT_TIMEOUT = requestTimeout(Duration.ofSeconds(1));

    private record Waiter(CompletableFuture<Applied> future, Future<?> timer) {}

    private final ConcurrentMap<Long, Waiter> waiting = new ConcurrentHashMap<>();
    private final TimeoutScheduler scheduler;
    private final Duration timeout;

    /**
     * @param scheduler runs the timeouts
     * @param timeout how long a proposal may take from registration to its apply here
     */
    public Waiters(TimeoutScheduler scheduler, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /** etcd's ReqTimeout: 5 s plus two election timeouts. */
    public static Duration requestTimeout(Duration electionTimeout) {
        return Duration.ofSeconds(5).plus(electionTimeout.multipliedBy(2));
    }

    /**
     * Starts waiting for {@code id}.
     *
     * @throws IllegalStateException if {@code id} is already waited for (IDs are unique)
     */
    public CompletableFuture<Applied> register(long id) {
        CompletableFuture<Applied> future = new CompletableFuture<>();
        Future<?> timer = scheduler.schedule(timeout, () -> {
            Waiter w = waiting.remove(id);
            if (w != null) {
                w.future().completeExceptionally(new ReplicationException.RequestTimedOut());
            }
        });
        if (waiting.putIfAbsent(id, new Waiter(future, timer)) != null) {
            timer.cancel(false);
            throw new IllegalStateException("request id " + id + " is already waited for");
        }
        return future;
    }

    /** Completes the waiter of {@code id}, if this member still waits for it. */
    public void complete(long id, Applied result) {
        Waiter w = take(id);
        if (w != null) {
            w.future().complete(result);
        }
    }

    /** Fails the waiter of {@code id} with {@code failure}, if this member still waits for it. */
    public void fail(long id, Throwable failure) {
        Waiter w = take(id);
        if (w != null) {
            w.future().completeExceptionally(failure);
        }
    }

    /** Whether {@code id} is waited for. */
    public boolean isWaiting(long id) {
        return waiting.containsKey(id);
    }

    /** How many proposals are waiting. */
    public int size() {
        return waiting.size();
    }

    private @Nullable Waiter take(long id) {
        Waiter w = waiting.remove(id);
        if (w != null) {
            w.timer().cancel(false);
        }
        return w;
    }
}
