package dev.cairn.server.peer;

import com.google.protobuf.ByteString;
import dev.cairn.proto.raftpb.Ack;
import dev.cairn.proto.raftpb.RaftPeerGrpc;
import dev.cairn.proto.raftpb.SnapshotChunk;
import dev.cairn.raft.Message;
import dev.cairn.raft.Snapshot;
import dev.cairn.server.config.EtcdUrl;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one snapshot on {@code SendSnapshot}, on its own channel: a header chunk (the {@code SNAP}
 * message without data), then one chunk per piece the {@link SnapshotSource} yields, the last one
 * flagged, with gRPC flow control (a chunk is written only when the call can take it). The whole
 * transfer is bounded by {@code Settings.snapshotTimeout}.
 *
 * <p>{@link #run} blocks its thread (a {@code cairn-peer-snapshot} thread of the transport); the
 * gRPC callbacks only complete futures and wake it.
 */
final class SnapshotSender {
    private static final Logger log = LoggerFactory.getLogger(SnapshotSender.class);

    private final PeerChannels channels;
    private final SnapshotSource source;
    private final PeerTransport.Settings settings;

    SnapshotSender(PeerChannels channels, SnapshotSource source, PeerTransport.Settings settings) {
        this.channels = channels;
        this.source = source;
        this.settings = settings;
    }

    /** Sends {@code m}'s snapshot to {@code url}; true when the peer acknowledged it. */
    boolean run(EtcdUrl url, Message m) {
        ManagedChannel channel;
        try {
            channel = channels.open(url);
        } catch (IOException e) {
            log.warn("snapshot to {}: {}", Long.toHexString(m.to()), e.getMessage());
            return false;
        }
        Call call = new Call();
        try (SnapshotSource.Data data = source.open(m)) {
            ClientCallStreamObserver<SnapshotChunk> requests =
                    (ClientCallStreamObserver<SnapshotChunk>) RaftPeerGrpc.newStub(channel)
                            .withDeadlineAfter(settings.snapshotTimeout().toNanos(), TimeUnit.NANOSECONDS)
                            .sendSnapshot(call);
            call.requests = requests;
            ByteString next = data.next();
            call.write(SnapshotChunk.newBuilder()
                    .setHeader(RaftCodec.encode(header(m)))
                    .setLast(next == null)
                    .build());
            while (next != null) {
                ByteString chunk = next;
                next = data.next();
                call.write(SnapshotChunk.newBuilder()
                        .setData(chunk)
                        .setLast(next == null)
                        .build());
            }
            requests.onCompleted();
            call.done.get(settings.snapshotTimeout().toNanos(), TimeUnit.NANOSECONDS);
            log.info("snapshot at index {} sent to {}", m.snapshot().metadata().index(), Long.toHexString(m.to()));
            return true;
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            log.warn("snapshot to {} failed: {}", Long.toHexString(m.to()), String.valueOf(e.getMessage()));
            call.cancel(e);
            return false;
        } catch (InterruptedException e) {
            call.cancel(e);
            Thread.currentThread().interrupt();
            return false;
        } finally {
            channel.shutdownNow();
        }
    }

    /** The message with its snapshot's metadata only; the data travels in the chunks. */
    static Message header(Message m) {
        return m.toBuilder()
                .snapshot(new Snapshot(m.snapshot().metadata(), ByteString.EMPTY))
                .build();
    }

    /** The call's state shared between the sending thread and gRPC's callbacks. */
    private static final class Call implements ClientResponseObserver<SnapshotChunk, Ack> {
        final CompletableFuture<Ack> done = new CompletableFuture<>();
        volatile @Nullable ClientCallStreamObserver<SnapshotChunk> requests;

        @Override
        public void beforeStart(ClientCallStreamObserver<SnapshotChunk> r) {
            r.setOnReadyHandler(this::wake);
        }

        @Override
        public void onNext(Ack ack) {
            done.complete(ack);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
            wake();
        }

        @Override
        public void onCompleted() {
            done.complete(Ack.getDefaultInstance());
            wake();
        }

        /** Writes once the call is ready; throws if the call failed meanwhile. */
        void write(SnapshotChunk chunk) throws InterruptedException, ExecutionException {
            ClientCallStreamObserver<SnapshotChunk> r = requests;
            if (r == null) {
                throw new IllegalStateException("call not started");
            }
            synchronized (this) {
                while (!r.isReady() && !done.isDone()) {
                    wait(); // woken by onReady or the end of the call (the deadline bounds it)
                }
            }
            if (done.isCompletedExceptionally()) {
                done.get(); // throws the call's failure
            }
            if (done.isDone()) {
                throw new IllegalStateException("the peer ended the snapshot call early");
            }
            r.onNext(chunk);
        }

        synchronized void wake() {
            notifyAll();
        }

        void cancel(Throwable why) {
            ClientCallStreamObserver<SnapshotChunk> r = requests;
            if (r != null && !done.isDone()) {
                r.cancel("snapshot send failed", why);
            }
        }
    }
}
