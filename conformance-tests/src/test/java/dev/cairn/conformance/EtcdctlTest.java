package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.conformance.EtcdctlScenarios.Scenario;
import dev.cairn.conformance.EtcdctlScenarios.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real etcdctl 3.4 drives a fresh server through each scenario; its exit codes, stdout and
 * stderr must equal what the same scenario produces on a fresh etcd, once cluster_id, member_id
 * and raft_term (which differ between any two clusters) are masked. Running with target = etcd
 * proves the scenarios are deterministic; target = cairn is the conformance check. Every scenario
 * runs over plaintext and over TLS with client certificates.
 */
class EtcdctlTest {
    enum Transport {
        PLAIN,
        TLS
    }

    @TempDir
    static Path pki;

    private static @Nullable TlsMaterial tls;

    /** etcd's output per (transport, scenario), computed once. */
    private static final Map<String, List<Etcdctl.Result>> REFERENCE = new ConcurrentHashMap<>();

    @BeforeAll
    static void makeCertificates() throws IOException, InterruptedException {
        tls = TlsMaterial.create(pki);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Target target : Target.selected()) {
            for (Transport transport : Transport.values()) {
                for (Scenario scenario : EtcdctlScenarios.all()) {
                    out.add(Arguments.of(target, transport, scenario));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void outputMatchesEtcd(Target target, Transport transport, Scenario scenario) {
        List<Etcdctl.Result> expected =
                REFERENCE.computeIfAbsent(transport + "/" + scenario.name(), k -> runReference(transport, scenario));
        List<Etcdctl.Result> actual = run(target, transport, scenario, "actual");

        assertThat(actual).hasSameSizeAs(expected);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Etcdctl.Result want = expected.get(i).normalised();
            Etcdctl.Result got = actual.get(i).normalised();
            if (!want.equals(got)) {
                differences.add("step " + i + " of " + scenario + " over " + transport + "\n=== etcd ===\n" + want
                        + "=== " + target.lowerName() + " ===\n" + got);
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + expected.size() + " etcdctl calls differ from etcd:\n\n"
                    + String.join("\n", differences));
        }
    }

    static Stream<Target> targets() {
        return Target.selected().stream();
    }

    /**
     * With --client-cert-auth the server must refuse a client that shows no certificate, one
     * signed by another CA, and a plaintext client; a client with the right certificate works.
     * The refusal texts come from each TLS stack, so only the outcome is compared.
     */
    @ParameterizedTest
    @MethodSource("targets")
    void clientCertificatesAreRequired(Target target) throws IOException, InterruptedException {
        TlsMaterial good = requireTls();
        TlsMaterial stranger = TlsMaterial.create(pki.resolve("stranger-" + target.lowerName()));
        try (ServerProcess server = ServerProcess.start(target, "etcdctl-tls-refusals", good)) {
            String endpoint = "--endpoints=" + server.endpoint();
            List<String> quick = List.of("--dial-timeout=1s", "--command-timeout=2s");

            Etcdctl noCert = new Etcdctl(concat(List.of(endpoint, "--cacert=" + good.caCert()), quick));
            assertThat(noCert.run("put", "nocert", "x").exitCode())
                    .as("no client certificate")
                    .isNotZero();

            Etcdctl wrongCa = new Etcdctl(concat(
                    List.of(
                            endpoint,
                            "--cacert=" + good.caCert(),
                            "--cert=" + stranger.clientCert(),
                            "--key=" + stranger.clientKey()),
                    quick));
            assertThat(wrongCa.run("put", "wrongca", "x").exitCode())
                    .as("client certificate from another CA")
                    .isNotZero();

            Etcdctl plaintext =
                    new Etcdctl(concat(List.of("--endpoints=http://127.0.0.1:" + server.clientPort()), quick));
            assertThat(plaintext.run("put", "plain", "x").exitCode())
                    .as("plaintext client")
                    .isNotZero();

            Etcdctl untrusting = new Etcdctl(concat(
                    List.of(
                            endpoint,
                            "--cacert=" + stranger.caCert(),
                            "--cert=" + good.clientCert(),
                            "--key=" + good.clientKey()),
                    quick));
            assertThat(untrusting.run("put", "untrusted", "x").exitCode())
                    .as("client that does not trust the server certificate")
                    .isNotZero();

            Etcdctl ok = new Etcdctl(server);
            Etcdctl.Result all = ok.run("get", "", "--prefix", "--keys-only");
            assertThat(all.exitCode()).isZero();
            assertThat(all.stdout())
                    .as("nothing was written by refused clients")
                    .isEmpty();
            assertThat(ok.run("put", "k", "v").stdout()).isEqualTo("OK\n");
        }
    }

    private static TlsMaterial requireTls() {
        TlsMaterial material = tls;
        if (material == null) {
            throw new IllegalStateException("certificates were not created");
        }
        return material;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Runs the scenario on etcd and checks that each step succeeds or fails as the scenario says. */
    private static List<Etcdctl.Result> runReference(Transport transport, Scenario scenario) {
        List<Etcdctl.Result> results = run(Target.ETCD, transport, scenario, "reference");
        for (int i = 0; i < results.size(); i++) {
            Step step = scenario.steps().get(i);
            Etcdctl.Result r = results.get(i);
            assertThat(r.exitCode() == 0)
                    .as("etcd: step %d of %s should %s:\n%s", i, scenario, step.expectSuccess() ? "succeed" : "fail", r)
                    .isEqualTo(step.expectSuccess());
        }
        return results;
    }

    private static List<Etcdctl.Result> run(Target target, Transport transport, Scenario scenario, String role) {
        @Nullable TlsMaterial material = transport == Transport.TLS ? tls : null;
        if (transport == Transport.TLS && material == null) {
            throw new IllegalStateException("certificates were not created");
        }
        try (ServerProcess server = ServerProcess.start(
                target,
                "etcdctl-" + scenario.name() + "-" + transport.name().toLowerCase(Locale.ROOT) + "-" + role,
                material)) {
            Etcdctl etcdctl = new Etcdctl(server);
            List<Etcdctl.Result> results = new ArrayList<>();
            for (Step step : scenario.steps()) {
                results.add(etcdctl.run(step.args(), step.stdin()));
            }
            Transcripts.write(
                    "etcdctl-" + scenario.name() + "-" + transport + "-" + target.lowerName() + "-" + role, results);
            assertThat(server.isAlive())
                    .as("%s still running after the scenario\n%s", server, server.logTail())
                    .isTrue();
            return results;
        }
    }
}
