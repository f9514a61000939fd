package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import dev.cairn.server.replication.ReplicationException;
import dev.cairn.server.replication.TimeoutScheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Linearizable reads through raft's ReadIndex, batched as etcd's linearizable read loop batches
 * them: the reads that arrive while a round is in flight wait for the next round, and one round
 * (one {@code readIndex} call under a fresh 8-byte context) serves all of them. A round completes
 * its reads once this member has applied up to the read index the leader confirmed. Raft drops the
 * request while there is no leader, so a round re-sends its context every {@link #RETRY}; it fails
 * with etcd's {@code request timed out} after the request timeout and with {@code leader changed}
 * when the leader changes under it.
 *
 * <p>Thread-safe: the pending batch and the in-flight flag are guarded by {@code this}; rounds
 * complete on the driver thread (read index), the apply side (applied index) or the timeout
 * scheduler.
 */
public final class ReadIndexBarrier
        implements dev.cairn.server.replication.ReadBarrier, dev.cairn.server.membership.ReadBarrier {
    /** etcd's {@code readIndexRetryTime}. */
    static final Duration RETRY = Duration.ofMillis(500);

    private final RaftNode node;
    private final TimeoutScheduler scheduler;
    private final Duration timeout;
    private final AtomicLong contexts = new AtomicLong();
    private List<CompletableFuture<Void>> pending = new ArrayList<>(); // guarded by this
    private boolean inFlight; // guarded by this

    /**
     * @param node the node to ask
     * @param scheduler runs retries and timeouts
     * @param timeout etcd's request timeout (5 s plus two election timeouts)
     */
    public ReadIndexBarrier(RaftNode node, TimeoutScheduler scheduler, Duration timeout) {
        this.node = node;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Void> linearizable() {
        CompletableFuture<Void> read = new CompletableFuture<>();
        boolean start;
        synchronized (this) {
            pending.add(read);
            start = !inFlight;
            inFlight = true;
        }
        if (start) {
            nextRound();
        }
        return read;
    }

    @Override
    public CompletableFuture<Void> await() {
        return linearizable();
    }

    private void nextRound() {
        List<CompletableFuture<Void>> batch;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            if (batch.isEmpty()) {
                inFlight = false;
                return;
            }
        }
        new Round(batch).start();
    }

    /** One readIndex request serving {@code reads}. */
    private final class Round {
        private final List<CompletableFuture<Void>> reads;
        private final ByteString context;
        private final CompletableFuture<Long> index = new CompletableFuture<>();
        private @Nullable Future<?> retry; // guarded by this

        Round(List<CompletableFuture<Void>> reads) {
            this.reads = reads;
            this.context = ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES)
                    .putLong(node.id() ^ (contexts.incrementAndGet() << 16))
                    .array());
        }

        void start() {
            Future<?> expiry = scheduler.schedule(
                    timeout, () -> index.completeExceptionally(new ReplicationException.RequestTimedOut()));
            send();
            index.whenComplete((i, failure) -> {
                expiry.cancel(false);
                synchronized (this) {
                    if (retry != null) {
                        retry.cancel(false);
                    }
                }
                node.cancelReadIndex(context);
                nextRound(); // the next batch need not wait for this one's apply
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    reads.forEach(r -> r.completeExceptionally(cause));
                } else {
                    node.applied().await(i).whenComplete((v, t) -> {
                        if (t != null) {
                            reads.forEach(r -> r.completeExceptionally(t));
                        } else {
                            reads.forEach(r -> r.complete(null));
                        }
                    });
                }
            });
        }

        private void send() {
            if (index.isDone()) {
                return;
            }
            node.readIndex(context).whenComplete((i, t) -> {
                if (t != null) {
                    index.completeExceptionally(t);
                } else {
                    index.complete(i);
                }
            });
            synchronized (this) {
                retry = scheduler.schedule(RETRY, this::send);
            }
        }
    }
}
