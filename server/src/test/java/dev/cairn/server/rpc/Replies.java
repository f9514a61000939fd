package dev.cairn.server.rpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Client-side observers for async calls in tests. */
final class Replies {
    private Replies() {}

    /** The one answer of a unary call. */
    static final class Unary<T> implements StreamObserver<T> {
        final CompletableFuture<T> answer = new CompletableFuture<>();

        @Override
        public void onNext(T value) {
            answer.complete(value);
        }

        @Override
        public void onError(Throwable t) {
            answer.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {}

        /** The answer, or the call's failure (unwrapped); fails after {@link ElectionFixture#WAIT_SECONDS}. */
        T await() throws Exception {
            try {
                return answer.get(ElectionFixture.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw e;
            }
        }
    }

    /** Every message of a server stream, in order. */
    static final class Stream<T> implements StreamObserver<T> {
        final BlockingQueue<T> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public void onNext(T value) {
            messages.add(value);
        }

        @Override
        public void onError(Throwable t) {
            ended.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            ended.complete(null);
        }

        /** The next message; fails after {@link ElectionFixture#WAIT_SECONDS}. */
        T next() throws InterruptedException {
            T message = messages.poll(ElectionFixture.WAIT_SECONDS, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + ElectionFixture.WAIT_SECONDS + " s");
            }
            return message;
        }
    }
}
