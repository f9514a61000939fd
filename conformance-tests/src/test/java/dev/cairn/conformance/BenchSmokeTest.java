package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bench.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code cairn-bench} (its in-process entry, {@code dev.cairn.bench.Main.run}) at toy size
 * against etcd and bin/cairn: put, range (linearizable and serializable), txn-put, watch-latency
 * and lease-keepalive in plaintext, and put over mutual TLS. Asserts the counts in the JSON
 * result (every request done, no error, percentiles present and ordered), never a speed.
 */
class BenchSmokeTest {
    private static final String[] PERCENTILES = {"min", "p50", "p90", "p99", "p999", "max"};

    static Stream<Target> targets() {
        return Stream.of(System.getProperty("conformance.targets", "etcd,cairn").split(","))
                .map(t -> Target.valueOf(t.trim().toUpperCase(Locale.ROOT)));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyCommandCompletesItsRequests(Target target, @TempDir Path dir) throws IOException {
        try (ServerProcess server = ServerProcess.start(target, "bench-smoke", null)) {
            String ep = server.endpoint();
            List<String> global = List.of("--endpoints", ep, "--conns=2", "--clients", "4", "--no-progress");
            assertCounts(
                    run(dir, "put", global, "put", "--total=300", "--key-space-size", "50", "--val-size=64"),
                    "put",
                    300);
            assertCounts(run(dir, "range-l", global, "range", "--total=200", "--prefix", ""), "range", 200);
            assertCounts(
                    run(dir, "range-s", global, "range", "k", "z", "--consistency=s", "--total", "200"), "range", 200);
            assertCounts(
                    run(dir, "txn-put", global, "txn-put", "--total=200", "--txn-ops=2", "--key-space-size=10"),
                    "txn-put",
                    200);
            String watch = run(
                    dir,
                    "watch-latency",
                    global,
                    "watch-latency",
                    "--streams=2",
                    "--watchers-per-stream=3",
                    "--put-total=50",
                    "--put-rate=1000");
            assertCounts(watch, "watch-latency", 50);
            assertThat(number(watch, "events")).isEqualTo(2 * 3 * 50);
            assertOrdered(section(watch, "eventLatencyMs"));
            assertCounts(run(dir, "lease", global, "lease-keepalive", "--total=200"), "lease-keepalive", 200);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void putOverMutualTls(Target target, @TempDir Path dir) throws IOException, InterruptedException {
        TlsMaterial tls = TlsMaterial.create(dir.resolve("tls"));
        try (ServerProcess server = ServerProcess.start(target, "bench-smoke-tls", tls)) {
            List<String> global = List.of(
                    "--endpoints=" + server.endpoint(),
                    "--cacert=" + tls.caCert(),
                    "--cert=" + tls.clientCert(),
                    "--key=" + tls.clientKey());
            assertCounts(run(dir, "put-tls", global, "put", "--total=100"), "put", 100);
        }
    }

    /** Runs one command line with {@code --json}; returns the JSON (the summary must be printed). */
    private static String run(Path dir, String name, List<String> global, String... command) throws IOException {
        Path json = dir.resolve(name + ".json");
        List<String> args = new ArrayList<>(global);
        args.add("--json=" + json);
        args.addAll(List.of(command));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        assertThat(status)
                .as("%s exit status; stderr: %s", args, err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Summary:").contains("99.9% in ");
        return Files.readString(json);
    }

    private static void assertCounts(String json, String command, long total) {
        assertThat(json).contains("\"command\":\"" + command + "\"");
        assertThat(number(json, "total")).as(json).isEqualTo(total);
        assertThat(number(json, "errors")).as(json).isZero();
        assertThat(number(json, "requestsPerSec")).as(json).isPositive();
        assertOrdered(section(json, "latencyMs"));
    }

    private static void assertOrdered(String latencies) {
        double previous = 0;
        for (String p : PERCENTILES) {
            double v = number(latencies, p);
            assertThat(v).as("%s in %s", p, latencies).isPositive().isGreaterThanOrEqualTo(previous);
            previous = v;
        }
        assertThat(number(latencies, "mean")).isBetween(number(latencies, "min"), number(latencies, "max"));
    }

    private static String section(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\\{([^}]*)}").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return m.group(1);
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.]+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
