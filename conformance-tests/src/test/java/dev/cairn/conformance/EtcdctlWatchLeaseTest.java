package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.conformance.WatchLeaseScenarios.Action;
import dev.cairn.conformance.WatchLeaseScenarios.Await;
import dev.cairn.conformance.WatchLeaseScenarios.AwaitExit;
import dev.cairn.conformance.WatchLeaseScenarios.AwaitKeys;
import dev.cairn.conformance.WatchLeaseScenarios.EndInput;
import dev.cairn.conformance.WatchLeaseScenarios.Run;
import dev.cairn.conformance.WatchLeaseScenarios.Scenario;
import dev.cairn.conformance.WatchLeaseScenarios.Send;
import dev.cairn.conformance.WatchLeaseScenarios.Start;
import dev.cairn.conformance.WatchLeaseScenarios.Stop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real etcdctl 3.4 drives a fresh server through the {@link WatchLeaseScenarios}: watch
 * (history, live, compacted, interactive, JSON and fields output), lease grant / keep-alive /
 * timetolive / revoke / list, put --lease, lock and elect (which etcdctl 3.4 runs client-side
 * over KV, Lease and Watch). Each step's exit code, stdout and stderr must equal etcd's, after
 * the masking of {@link Etcdctl.Result#normalised} plus lease IDs and remaining TTLs
 * ({@link LeaseIdMask}). Running with target = etcd proves the sessions are deterministic.
 */
class EtcdctlWatchLeaseTest {
    /** Bound on each wait for output a step caused; only reached when a server misbehaves. */
    private static final Duration WAIT = Duration.ofSeconds(Long.getLong("conformance.waitSeconds", 20));

    /** Bound for a lock waiter, which may wait for a lease to expire. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

    private static final Pattern GRANTED = Pattern.compile("lease ([0-9a-f]+) granted|\"ID\":([0-9]+)");
    private static final Pattern LEASE_ARG = Pattern.compile("\\{lease:([0-9]+)}");

    /** etcd's normalised transcript per scenario, computed once. */
    private static final Map<String, List<Etcdctl.Result>> REFERENCE = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Target target : Target.selected()) {
            for (Scenario scenario : WatchLeaseScenarios.all()) {
                out.add(Arguments.of(target, scenario));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void outputMatchesEtcd(Target target, Scenario scenario) {
        List<Etcdctl.Result> expected = REFERENCE.computeIfAbsent(scenario.name(), k -> runReference(scenario));
        List<Etcdctl.Result> actual =
                LeaseIdMask.normalise(new Session(target, scenario, "actual").run(), scenario.lockNames());

        assertThat(actual).hasSameSizeAs(expected);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Etcdctl.Result want = expected.get(i);
            Etcdctl.Result got = actual.get(i);
            if (!want.equals(got)) {
                differences.add("step " + i + " of " + scenario + "\n=== etcd ===\n" + want + "=== "
                        + target.lowerName() + " ===\n" + got);
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + expected.size() + " steps differ from etcd:\n\n"
                    + String.join("\n", differences));
        }
    }

    /**
     * Runs the scenario on etcd and checks that the scenario says what etcd does: foreground
     * calls succeed or fail as declared, every wait got all its lines, no process printed more
     * than the scenario waited for, and every process expected to exit did.
     */
    private static List<Etcdctl.Result> runReference(Scenario scenario) {
        Session session = new Session(Target.ETCD, scenario, "reference");
        List<Etcdctl.Result> results = session.run();
        assertThat(session.problems)
                .as("etcd does not behave as scenario %s says", scenario)
                .isEmpty();
        return LeaseIdMask.normalise(results, scenario.lockNames());
    }

    /** One run of a scenario on a fresh server; records one Result per step. */
    private static final class Session {
        private final Target target;
        private final Scenario scenario;
        private final String role;
        private final List<String> problems = new ArrayList<>();
        private final List<String> leases = new ArrayList<>();
        private final Map<String, BackgroundEtcdctl> running = new LinkedHashMap<>();

        Session(Target target, Scenario scenario, String role) {
            this.target = target;
            this.scenario = scenario;
            this.role = role;
        }

        List<Etcdctl.Result> run() {
            List<Etcdctl.Result> results = new ArrayList<>();
            try (ServerProcess server =
                    ServerProcess.start(target, "watchlease-" + scenario.name() + "-" + role, null)) {
                Etcdctl etcdctl = new Etcdctl(server);
                try {
                    for (Action action : scenario.actions()) {
                        step(server, etcdctl, action).ifPresent(results::add);
                    }
                } finally {
                    running.values().forEach(BackgroundEtcdctl::close);
                    Transcripts.write("watchlease-" + scenario.name() + "-" + target.lowerName() + "-" + role, results);
                }
                assertThat(server.isAlive())
                        .as("%s still running after the scenario\n%s", server, server.logTail())
                        .isTrue();
            }
            return results;
        }

        private Optional<Etcdctl.Result> step(ServerProcess server, Etcdctl etcdctl, Action action) {
            return switch (action) {
                case Run run -> Optional.of(run(server, etcdctl, run));
                case Start start -> {
                    List<String> command = new ArrayList<>(globalCommand(server));
                    command.addAll(substitute(server, start.args()));
                    running.put(start.handle(), BackgroundEtcdctl.start(command, start.args()));
                    yield Optional.empty();
                }
                case Await await -> {
                    List<String> lines = handle(await.handle()).awaitLines(await.lines(), WAIT);
                    if (lines.size() != await.lines()) {
                        problems.add(await + " got " + lines.size() + ": " + lines);
                    }
                    yield Optional.of(new Etcdctl.Result(
                            List.of("<await " + await.lines() + " lines of " + await.handle() + ">"),
                            0,
                            joinLines(lines),
                            ""));
                }
                case Send send -> {
                    handle(send.handle()).send(send.line());
                    yield Optional.empty();
                }
                case AwaitKeys keys -> Optional.of(awaitKeys(etcdctl, keys));
                case Stop stop -> {
                    BackgroundEtcdctl p = handle(stop.handle());
                    yield Optional.of(exited(
                            "<" + (stop.kill() ? "SIGKILL " : "SIGTERM ") + stop.handle() + ">",
                            p.stop(stop.kill()),
                            false));
                }
                case EndInput end -> {
                    BackgroundEtcdctl p = handle(end.handle());
                    p.closeInput();
                    yield Optional.of(awaitExit(p, "<end of input for " + end.handle() + ">"));
                }
                case AwaitExit exit -> Optional.of(awaitExit(handle(exit.handle()), "<exit of " + exit.handle() + ">"));
            };
        }

        private Etcdctl.Result awaitExit(BackgroundEtcdctl p, String label) {
            Optional<BackgroundEtcdctl.Exit> done = p.awaitExit(EXIT_WAIT);
            if (done.isEmpty()) {
                problems.add(label + ": still running after " + EXIT_WAIT);
                return exited(label + " (did not exit: SIGKILL)", p.stop(true), true);
            }
            return exited(label, done.get(), true);
        }

        /** {@code finalOutput}: lines after the last wait are expected (the process ran to its end). */
        private Etcdctl.Result exited(String label, BackgroundEtcdctl.Exit exit, boolean finalOutput) {
            if (!finalOutput && !exit.remainingStdout().isEmpty()) {
                problems.add(label + " left unexpected lines " + exit.remainingStdout());
            }
            return new Etcdctl.Result(
                    List.of(label), exit.exitCode(), joinLines(exit.remainingStdout()), exit.stderr());
        }

        private Etcdctl.Result run(ServerProcess server, Etcdctl etcdctl, Run run) {
            String stdin = run.stdin();
            Etcdctl.Result raw =
                    etcdctl.run(substitute(server, run.args()), stdin == null ? null : substitute(server, stdin));
            if ((raw.exitCode() == 0) != run.expectSuccess()) {
                problems.add(run + " " + (run.expectSuccess() ? "failed" : "succeeded") + ":\n" + raw);
            }
            if (run.args().size() >= 2
                    && run.args().get(0).equals("lease")
                    && run.args().get(1).equals("grant")) {
                Matcher m = GRANTED.matcher(raw.stdout());
                if (m.find()) {
                    leases.add(m.group(1) != null ? m.group(1) : Long.toHexString(Long.parseLong(m.group(2))));
                }
            }
            // transcripts show the arguments as written, so that they compare equal
            return new Etcdctl.Result(run.args(), raw.exitCode(), raw.stdout(), raw.stderr());
        }

        private Etcdctl.Result awaitKeys(Etcdctl etcdctl, AwaitKeys keys) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            int count = -1;
            while (System.nanoTime() < deadline) {
                Etcdctl.Result r = etcdctl.run("get", keys.prefix(), "--prefix", "--keys-only");
                count = (int) r.stdout().lines().filter(l -> !l.isEmpty()).count();
                if (r.exitCode() == 0 && count == keys.count()) {
                    break;
                }
            }
            if (count != keys.count()) {
                problems.add(keys + ": saw " + count);
            }
            return new Etcdctl.Result(
                    List.of("<await " + keys.count() + " keys under " + keys.prefix() + ">"),
                    count == keys.count() ? 0 : 1,
                    "",
                    "");
        }

        private BackgroundEtcdctl handle(String name) {
            BackgroundEtcdctl p = running.get(name);
            if (p == null) {
                throw new IllegalStateException("scenario " + scenario + " uses " + name + " before starting it");
            }
            return p;
        }

        private static List<String> globalCommand(ServerProcess server) {
            return List.of(
                    Target.etcdctlBinary().toString(),
                    "--endpoints=" + server.endpoint(),
                    "--dial-timeout=5s",
                    "--command-timeout=10s");
        }

        private List<String> substitute(ServerProcess server, List<String> args) {
            List<String> out = new ArrayList<>();
            for (String arg : args) {
                out.add(substitute(server, arg));
            }
            return out;
        }

        /** {@code {etcdctl}}, {@code {endpoint}} and {@code {lease:n}} (the n-th lease granted, hex). */
        private String substitute(ServerProcess server, String text) {
            String a = text.replace("{etcdctl}", Target.etcdctlBinary().toString())
                    .replace("{endpoint}", server.endpoint());
            Matcher m = LEASE_ARG.matcher(a);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                String id = n < leases.size() ? leases.get(n) : "0";
                m.appendReplacement(sb, id);
            }
            m.appendTail(sb);
            return sb.toString();
        }

        private static String joinLines(List<String> lines) {
            StringBuilder sb = new StringBuilder();
            for (String line : lines) {
                sb.append(line).append('\n');
            }
            return sb.toString();
        }
    }
}
