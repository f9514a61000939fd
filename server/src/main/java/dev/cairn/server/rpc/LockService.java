package dev.cairn.server.rpc;

import dev.cairn.proto.v3lockpb.LockGrpc;
import dev.cairn.proto.v3lockpb.LockRequest;
import dev.cairn.proto.v3lockpb.LockResponse;
import dev.cairn.proto.v3lockpb.UnlockRequest;
import dev.cairn.proto.v3lockpb.UnlockResponse;
import dev.cairn.server.election.Locks;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * etcd's v3lock service over {@link Locks}. A Lock that waits holds no thread: it is answered from
 * the election thread; a client cancel (or deadline) cancels it, which deletes its key.
 *
 * <p>Thread-safe and owns no threads: answers go out on the store's completer thread or the
 * election thread.
 */
final class LockService extends LockGrpc.LockImplBase {
    private final Locks locks;
    private final Headers headers;

    LockService(Locks locks, Headers headers) {
        this.locks = locks;
        this.headers = headers;
    }

    @Override
    public void lock(LockRequest request, StreamObserver<LockResponse> observer) {
        CompletableFuture<LockResponse> lock = locks.lock(request);
        ((ServerCallStreamObserver<LockResponse>) observer).setOnCancelHandler(() -> lock.cancel(false));
        UnaryCalls.answer(
                () -> lock,
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    @Override
    public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> observer) {
        UnaryCalls.answer(
                () -> locks.unlock(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }
}
