package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A ratchet on etcd 3.4's own end-to-end suite: every test named in {@code e2e-passing.txt}
 * (module directory) passed against Cairn once and must keep passing. The tests run through the
 * shared {@code etcd-e2e} script (one process per test, the real etcdctl, bin/cairn started as
 * {@code etcd}); the script installs Go and the suite's sources from Debian when they are missing
 * (apt-get, so it has to run as root the first time) and builds the suite once into its cache.
 *
 * <p>Switches: {@code -Detcd.e2e.script=...} where the script is (default
 * {@code ../shared/conformance/etcd-e2e} beside the checkout); {@code -Detcd.e2e.timeout=N} seconds per test
 * (default 120); {@code -Dcairn.launcher=...} as elsewhere. Logs: {@code target/e2e}.
 */
class EtcdE2eRatchetTest {
    private static final Path LIST = Path.of("e2e-passing.txt");

    /** The shared folder lies beside the checkout: {@code <checkout>/../shared/conformance/etcd-e2e}. */
    private static Path defaultScript() {
        Path module = Path.of("").toAbsolutePath(); // failsafe runs in conformance-tests/
        Path checkout = module.getParent() != null ? module.getParent() : module;
        Path beside = checkout.getParent() != null ? checkout.getParent() : checkout;
        return beside.resolve("shared").resolve("conformance").resolve("etcd-e2e");
    }

    @Test
    void listedEtcdE2eTestsPassAgainstCairn() throws IOException, InterruptedException {
        assumeTrue(Target.selected().contains(Target.CAIRN), "cairn is not among -Dconformance.targets");
        List<String> listed = listed();
        assumeFalse(listed.isEmpty(), LIST.toAbsolutePath() + " lists no e2e tests yet");

        Path script =
                Path.of(System.getProperty("etcd.e2e.script", defaultScript().toString()));
        assertThat(Files.isExecutable(script))
                .as("the etcd-e2e script at %s (set -Detcd.e2e.script=...)", script)
                .isTrue();
        long perTest = Long.getLong("etcd.e2e.timeout", 120);
        Path out = Path.of("target", "e2e").toAbsolutePath();
        deleteTree(out);
        Files.createDirectories(out);
        Path log = out.resolve("etcd-e2e.log");

        List<String> command = List.of(
                script.toString(),
                "--server",
                Target.cairnLauncher().toAbsolutePath().toString(),
                "--run",
                "^(" + String.join("|", listed) + ")$",
                "--timeout",
                Long.toString(perTest),
                "--out",
                out.resolve("tests").toString());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        // set-up (apt-get, building the suite) plus every test at its own deadline, plus slack
        long bound = 1800 + listed.size() * (perTest + 20);
        if (!p.waitFor(bound, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("etcd-e2e did not finish within " + bound + " s; see " + log);
        }
        String transcript = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as("etcd-e2e could not set up (exit 2):\n%s", transcript)
                .isNotEqualTo(2);

        Map<String, String> verdicts = verdicts(out.resolve("tests").resolve("summary.tsv"));
        List<String> broken = new ArrayList<>();
        for (String test : listed) {
            String verdict = verdicts.getOrDefault(test, "NOT RUN (no such test in the suite?)");
            if (!verdict.equals("PASS")) {
                broken.add(
                        test + ": " + verdict + " (log " + out.resolve("tests").resolve(test + ".log") + ")");
            }
        }
        assertThat(broken)
                .as("e2e tests listed in %s that no longer pass against Cairn", LIST.toAbsolutePath())
                .isEmpty();
    }

    /** The test names in the list, without comments and blank lines. */
    static List<String> listed() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(LIST, StandardCharsets.UTF_8)) {
            String name = line.replaceFirst("#.*", "").trim();
            if (!name.isEmpty()) {
                if (!name.matches("Test[A-Za-z0-9_]+")) {
                    throw new IllegalStateException(LIST + ": not a Go test name: " + line);
                }
                out.add(name);
            }
        }
        return out;
    }

    /** summary.tsv: verdict, test, seconds; one line per test run. */
    private static Map<String, String> verdicts(Path summary) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(summary)) {
            return out;
        }
        for (String line : Files.readAllLines(summary, StandardCharsets.UTF_8)) {
            String[] cols = line.split("\t");
            if (cols.length >= 2) {
                out.put(cols[1], cols[0]);
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
