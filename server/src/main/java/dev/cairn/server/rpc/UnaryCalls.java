package dev.cairn.server.rpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a unary call from a domain future without blocking: the observer is completed from the
 * future's callback, on whichever thread completes it (the gRPC thread for reads, the store's
 * writer thread for writes). Every failure, thrown or returned, ends the call with the status
 * {@link ErrorMapping} gives it, so no call is left hanging. Stateless; thread-safe.
 */
final class UnaryCalls {
    private static final Logger LOG = LoggerFactory.getLogger(UnaryCalls.class);

    private UnaryCalls() {}

    /**
     * Starts {@code call} and answers {@code observer} with its result after {@code finish} (which
     * fills the header).
     */
    static <T> void answer(Supplier<CompletableFuture<T>> call, StreamObserver<T> observer, UnaryOperator<T> finish) {
        CompletableFuture<T> result;
        try {
            result = call.get();
        } catch (Throwable t) {
            fail(observer, t);
            return;
        }
        var unused = result.whenComplete((value, failure) -> {
            if (failure != null) {
                fail(observer, failure);
                return;
            }
            T response;
            try {
                response = finish.apply(value);
            } catch (Throwable t) {
                fail(observer, t);
                return;
            }
            complete(observer, response);
        });
    }

    static <T> void complete(StreamObserver<T> observer, T response) {
        try {
            observer.onNext(response);
            observer.onCompleted();
        } catch (RuntimeException e) {
            // The call went away (cancelled or closed) while we worked; nobody is left to tell.
            LOG.debug("could not send a response", e);
        }
    }

    static void fail(StreamObserver<?> observer, Throwable failure) {
        try {
            observer.onError(ErrorMapping.toStatus(failure));
        } catch (RuntimeException e) {
            LOG.debug("could not send an error", e);
        }
    }
}
