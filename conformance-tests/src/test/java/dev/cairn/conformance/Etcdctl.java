package dev.cairn.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Runs the real etcdctl (API v3) against one server. Thread-safe (immutable). */
final class Etcdctl {
    private static final long TIMEOUT_SECONDS = 30;

    /** Header fields that differ between any two clusters; they are zeroed before comparing. */
    private static final List<Pattern> UNSTABLE = List.of(
            Pattern.compile("(\"(?:cluster_id|member_id|raft_term)\":)\\d+"),
            Pattern.compile("(\"(?:ClusterID|MemberID|RaftTerm)\" : )\\d+"));

    /** etcdctl's client log lines carry a timestamp and a random client target. */
    private static final List<Pattern> LOG_NOISE =
            List.of(Pattern.compile("(\"ts\":)\"[^\"]*\""), Pattern.compile("(\"target\":)\"[^\"]*\""));

    private final List<String> global;

    Etcdctl(ServerProcess server) {
        List<String> g = new ArrayList<>();
        g.add("--endpoints=" + server.endpoint());
        g.add("--dial-timeout=5s");
        g.add("--command-timeout=10s");
        TlsMaterial tls = server.tls();
        if (tls != null) {
            g.addAll(tls.etcdctlFlags());
        }
        this.global = List.copyOf(g);
    }

    /** etcdctl with exactly these global flags (endpoint, timeouts and TLS flags included). */
    Etcdctl(List<String> globalFlags) {
        this.global = List.copyOf(globalFlags);
    }

    /** The outcome of one etcdctl invocation. */
    record Result(List<String> args, int exitCode, String stdout, String stderr) {
        /** The same result with cluster-specific numbers and log noise removed. */
        Result normalised() {
            return new Result(args, exitCode, scrub(stdout, UNSTABLE), scrub(scrub(stderr, UNSTABLE), LOG_NOISE));
        }

        @Override
        public String toString() {
            return "$ etcdctl " + String.join(" ", args) + "\n[exit " + exitCode + "]\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + stderr;
        }
    }

    private static String scrub(String text, List<Pattern> patterns) {
        String out = text;
        for (Pattern p : patterns) {
            out = p.matcher(out).replaceAll("$1<x>");
        }
        return out;
    }

    /** Runs {@code etcdctl <global flags> args}, feeding {@code stdin} if given. */
    Result run(List<String> args, @Nullable String stdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Target.etcdctlBinary().toString());
        cmd.addAll(global);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ETCDCTL_API", "3");
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCDCTL_") && !k.equals("ETCDCTL_API"));
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                throw new AssertionError("etcdctl hung: " + cmd);
            }
            return new Result(
                    args,
                    p.exitValue(),
                    out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                    err.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("reading etcdctl output", e);
        }
    }

    Result run(String... args) {
        return run(List.of(args), null);
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream s = stream) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
