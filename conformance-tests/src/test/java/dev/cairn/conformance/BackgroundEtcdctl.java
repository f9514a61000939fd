package dev.cairn.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A long-running etcdctl (watch, lease keep-alive, lock, elect) whose stdout is read line by line
 * on a reader thread. The test thread waits for lines with a bound, writes to stdin, and finally
 * ends the process with SIGTERM or SIGKILL, or waits for it to exit on its own.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
final class BackgroundEtcdctl implements AutoCloseable {
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);

    /** One item from the reader thread: a stdout line, or (line null) the end of stdout. */
    private record Item(@Nullable String line) {}

    private final List<String> args;
    private final Process process;
    private final LinkedBlockingQueue<Item> stdoutLines = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> stderr;
    private final OutputStream stdin;
    private boolean stdoutEnded;

    private BackgroundEtcdctl(List<String> args, Process process) {
        this.args = List.copyOf(args);
        this.process = process;
        this.stdin = process.getOutputStream();
        // own threads, not the common pool: these reads block for as long as the process lives,
        // and the pool would then starve Etcdctl's foreground drains
        this.stderr = new CompletableFuture<>();
        Thread errReader =
                new Thread(() -> stderr.complete(readAll(process.getErrorStream())), "etcdctl-stderr-" + process.pid());
        errReader.setDaemon(true);
        errReader.start();
        Thread reader = new Thread(() -> pump(process.getInputStream()), "etcdctl-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} (etcdctl and its arguments); {@code args} is what transcripts show. */
    static BackgroundEtcdctl start(List<String> command, List<String> args) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("ETCDCTL_API", "3");
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCDCTL_") && !k.equals("ETCDCTL_API"));
        try {
            return new BackgroundEtcdctl(args, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    List<String> args() {
        return args;
    }

    private void pump(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stdoutLines.add(new Item(line));
            }
        } catch (IOException ignored) {
            // the process went away; what was read is what counts
        } finally {
            stdoutLines.add(new Item(null));
        }
    }

    private static String readAll(InputStream stream) {
        try (InputStream s = stream) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<stderr unreadable: " + e + ">";
        }
    }

    /**
     * Waits (at most {@code timeout} in all) for the next {@code count} stdout lines and returns
     * those that came: fewer than asked when the time ran out or stdout ended.
     */
    List<String> awaitLines(int count, Duration timeout) {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && !stdoutEnded) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Item item;
            try {
                item = stdoutLines.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (item == null) {
                break;
            }
            String line = item.line();
            if (line == null) {
                stdoutEnded = true;
                break;
            }
            out.add(line);
        }
        return out;
    }

    /** Writes one line to the process's stdin. */
    void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to etcdctl " + args, e);
        }
    }

    /** Closes the process's stdin (end of input). */
    void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the input of etcdctl " + args, e);
        }
    }

    /** How the process ended: exit status, the stdout lines not yet taken, and all of stderr. */
    record Exit(int exitCode, List<String> remainingStdout, String stderr) {}

    /** Sends SIGTERM (or SIGKILL) and waits for the exit. */
    Exit stop(boolean kill) {
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        return awaitExit(EXIT_DEADLINE).orElseThrow(() -> new AssertionError("etcdctl " + args + " ignored a signal"));
    }

    /** Waits for the process to exit on its own; empty when it still runs after {@code timeout}. */
    Optional<Exit> awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
            String err = stderr.get(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            List<String> rest = new ArrayList<>();
            while (!stdoutEnded) {
                Item item = stdoutLines.poll(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                String line = item == null ? null : item.line();
                if (line == null) {
                    stdoutEnded = true;
                } else {
                    rest.add(line);
                }
            }
            return Optional.of(new Exit(process.exitValue(), rest, err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("reading etcdctl stderr", e);
        }
    }

    /** Kills the process if it still runs. Never throws. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
