package dev.cairn.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the jetcd tests share: UTF-8 byte sequences and a bounded wait for a call. Stateless. */
final class JetcdCalls {
    /** The bound on any one jetcd call; the call waits for something the test caused. */
    static final long WAIT_SECONDS = 30;

    private JetcdCalls() {}

    static ByteSequence bs(String s) {
        return ByteSequence.from(s, UTF_8);
    }

    static String str(ByteSequence b) {
        return b.toString(UTF_8);
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("jetcd call failed", e);
        }
    }
}
