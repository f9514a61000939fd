package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The setting etcd's own e2e suite starts most tests in: three members with {@code --auto-tls}
 * and {@code --peer-auto-tls} (self-signed certificates, https client and peer URLs), driven by
 * the real etcdctl with {@code --insecure-transport=false --insecure-skip-tls-verify} (as etcd's
 * e2e suite does). Puts go through one member, a watch
 * on another sees the replayed and the live events, every member serves the same reads, and
 * endpoint health/status and member list show three https members agreeing on one leader.
 *
 * <p>The Cairn variant runs with {@code -Dcluster.cairn=true}.
 */
class ClusterAutoTlsTest {
    private static final Duration WATCH_WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @MethodSource("dev.cairn.conformance.ClusterProcesses#targets")
    void etcdctlOverAutoTls(Target target) {
        ClusterProcesses.assumeEnabled(target);
        try (ClusterProcesses cluster = ClusterProcesses.start(
                target, "auto-tls", ClusterProcesses.Options.defaults(3).withAutoTls())) {
            List<ClusterMember> members = cluster.members();
            Etcdctl m0 = etcdctl(List.of(members.get(0)));
            Etcdctl m1 = etcdctl(List.of(members.get(1)));
            Etcdctl all = etcdctl(members);

            expect(m0.run("put", "tls/a", "1"), "OK\n");
            expect(m1.run("put", "tls/b", "2"), "OK\n");
            expect(m0.run("del", "tls/a"), "1\n");

            List<String> watchCommand = new ArrayList<>();
            watchCommand.add(Target.etcdctlBinary().toString());
            watchCommand.addAll(flags(List.of(members.get(2))));
            List<String> watchArgs = List.of("watch", "--prefix", "tls/", "--rev=2");
            watchCommand.addAll(watchArgs);
            try (BackgroundEtcdctl watch = BackgroundEtcdctl.start(watchCommand, watchArgs)) {
                assertThat(watch.awaitLines(9, WATCH_WAIT))
                        .as("replayed events on m2 (from revision 2)")
                        .containsExactly("PUT", "tls/a", "1", "PUT", "tls/b", "2", "DELETE", "tls/a", "");
                expect(m1.run("put", "tls/c", "3"), "OK\n");
                assertThat(watch.awaitLines(3, WATCH_WAIT))
                        .as("live event on m2 for a put through m1")
                        .containsExactly("PUT", "tls/c", "3");
            }

            for (ClusterMember m : members) {
                expect(etcdctl(List.of(m)).run("get", "--prefix", "tls/"), "tls/b\n2\ntls/c\n3\n");
                expect(
                        etcdctl(List.of(m)).run("get", "--prefix", "tls/", "--consistency=s", "--keys-only"),
                        "tls/b\n\ntls/c\n\n");
            }

            Etcdctl.Result health = all.run("endpoint", "health");
            assertThat(health.exitCode()).as("%s", health).isZero();
            List<String> healthy = Arrays.stream((health.stdout() + health.stderr()).split("\n"))
                    .map(line -> line.replaceFirst("took = \\S+$", "took = <t>"))
                    .sorted()
                    .toList();
            assertThat(healthy)
                    .as("%s", health)
                    .containsExactlyElementsOf(members.stream()
                            .map(m -> m.clientUrl() + " is healthy: successfully committed proposal: took = <t>")
                            .sorted()
                            .toList());

            Etcdctl.Result status = all.run("endpoint", "status", "-w", "json");
            assertThat(status.exitCode()).as("%s", status).isZero();
            Matcher leaders = Pattern.compile("\"leader\":(\\d+)").matcher(status.stdout());
            List<String> named = new ArrayList<>();
            while (leaders.find()) {
                named.add(leaders.group(1));
            }
            assertThat(named).as("%s", status).hasSize(3);
            assertThat(named.stream().distinct())
                    .as("one leader named by all: %s", status)
                    .hasSize(1);
            assertThat(status.stdout())
                    .as("the leader is one of the members")
                    .contains("\"member_id\":" + named.get(0) + ",");

            Etcdctl.Result list = all.run("member", "list");
            assertThat(list.exitCode()).as("%s", list).isZero();
            for (ClusterMember m : members) {
                assertThat(list.stdout())
                        .as("member list names %s with https peer and client URLs", m.name())
                        .containsPattern("[0-9a-f]+, started, " + m.name() + ", " + Pattern.quote(m.peerUrl()) + ", "
                                + Pattern.quote(m.clientUrl()) + ", false\n");
                assertThat(m.peerUrl()).startsWith("https://");
            }
        }
    }

    private static void expect(Etcdctl.Result r, String stdout) {
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout()).as("%s", r).isEqualTo(stdout);
    }

    private static List<String> flags(List<ClusterMember> members) {
        return List.of(
                "--endpoints=" + ClusterProcesses.endpoints(members),
                "--insecure-transport=false",
                "--insecure-skip-tls-verify",
                "--dial-timeout=5s",
                "--command-timeout=10s");
    }

    private static Etcdctl etcdctl(List<ClusterMember> members) {
        return new Etcdctl(flags(members));
    }
}
