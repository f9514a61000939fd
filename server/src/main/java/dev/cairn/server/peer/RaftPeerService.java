package dev.cairn.server.peer;

import dev.cairn.proto.raftpb.Ack;
import dev.cairn.proto.raftpb.MembersRequest;
import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.proto.raftpb.MessageBatch;
import dev.cairn.proto.raftpb.RaftPeerGrpc;
import dev.cairn.proto.raftpb.SnapshotChunk;
import dev.cairn.raft.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code RaftPeer} service: decodes what arrives and hands it to the {@link PeerInbox}.
 *
 * <p>Thread-safe (no state of its own); each call's observer is used by that call's serialised
 * callbacks only.
 */
final class RaftPeerService extends RaftPeerGrpc.RaftPeerImplBase {
    private static final Logger log = LoggerFactory.getLogger(RaftPeerService.class);

    private final PeerInbox inbox;

    RaftPeerService(PeerInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public StreamObserver<MessageBatch> stream(StreamObserver<Ack> response) {
        return new StreamObserver<>() {
            private boolean failed;

            @Override
            public void onNext(MessageBatch batch) {
                if (failed) {
                    return;
                }
                try {
                    for (dev.cairn.proto.raftpb.Message m : batch.getMessagesList()) {
                        inbox.receive(RaftCodec.decode(m));
                    }
                } catch (IllegalArgumentException e) {
                    failed = true;
                    response.onError(Status.INVALID_ARGUMENT
                            .withDescription("malformed raft message: " + e.getMessage())
                            .asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
                log.debug("peer stream ended: {}", t.toString());
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    response.onNext(Ack.getDefaultInstance());
                    response.onCompleted();
                }
            }
        };
    }

    @Override
    public StreamObserver<SnapshotChunk> sendSnapshot(StreamObserver<Ack> response) {
        return new SnapshotReceiver(response);
    }

    @Override
    public void members(MembersRequest request, StreamObserver<MembersResponse> response) {
        MembersResponse members;
        try {
            members = inbox.members();
        } catch (RuntimeException e) {
            response.onError(Status.UNAVAILABLE
                    .withDescription("member list unavailable: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        response.onNext(members);
        response.onCompleted();
    }

    /** One incoming snapshot: header chunk, data chunks, the last one flagged. */
    private final class SnapshotReceiver implements StreamObserver<SnapshotChunk> {
        private final StreamObserver<Ack> response;
        private @Nullable SnapshotSink sink;
        private @Nullable Message header;
        private boolean lastSeen;
        private boolean done;

        SnapshotReceiver(StreamObserver<Ack> response) {
            this.response = response;
        }

        @Override
        public void onNext(SnapshotChunk chunk) {
            if (done) {
                return;
            }
            try {
                SnapshotSink s = sink;
                if (s == null) {
                    if (!chunk.hasHeader()) {
                        throw Status.INVALID_ARGUMENT
                                .withDescription("the first snapshot chunk carries no header")
                                .asRuntimeException();
                    }
                    Message h = RaftCodec.decode(chunk.getHeader());
                    header = h;
                    s = inbox.receiveSnapshot(h);
                    sink = s;
                } else if (chunk.hasHeader() || lastSeen) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription(
                                    lastSeen ? "snapshot chunk after the last one" : "a second snapshot header")
                            .asRuntimeException();
                }
                if (!chunk.getData().isEmpty()) {
                    s.write(chunk.getData());
                }
                lastSeen = chunk.getLast();
            } catch (IllegalArgumentException e) {
                fail(Status.INVALID_ARGUMENT.withDescription("malformed snapshot header: " + e.getMessage()));
            } catch (IOException e) {
                fail(Status.UNAVAILABLE.withDescription("cannot receive the snapshot: " + e.getMessage()));
            } catch (StatusRuntimeException e) {
                fail(e.getStatus());
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!done) {
                done = true;
                abortSink();
                log.warn("snapshot from {} failed: {}", sender(), t.toString());
            }
        }

        @Override
        public void onCompleted() {
            if (done) {
                return;
            }
            SnapshotSink s = sink;
            if (s == null || !lastSeen) {
                fail(Status.INVALID_ARGUMENT.withDescription("snapshot ended before its last chunk"));
                return;
            }
            try {
                s.finish();
            } catch (IOException | RuntimeException e) {
                fail(Status.UNAVAILABLE.withDescription("cannot install the snapshot: " + e.getMessage()));
                return;
            }
            done = true;
            response.onNext(Ack.getDefaultInstance());
            response.onCompleted();
        }

        private void fail(Status status) {
            done = true;
            abortSink();
            log.warn("snapshot from {} refused: {}", sender(), status.getDescription());
            response.onError(status.asRuntimeException());
        }

        private void abortSink() {
            SnapshotSink s = sink;
            if (s != null) {
                s.abort();
            }
        }

        private String sender() {
            Message h = header;
            return h == null ? "unknown member" : Long.toHexString(h.from());
        }
    }
}
