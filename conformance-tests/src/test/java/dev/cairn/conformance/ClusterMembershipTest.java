package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real etcdctl 3.4 changes the membership of a live 3-member cluster: member list (simple,
 * json, table); member add, then the new member started with {@code --initial-cluster-state
 * existing}; member add --learner (refused while an added member has not started: etcd's strict
 * reconfiguration check), started, then member promote; member update; member remove (a second
 * time: member not found); move-leader to a follower, to the leader itself, and
 * with no leader among the endpoints; and etcd's errors for nonexistent members and for promoting
 * a voter. Every call's exit code, stdout and stderr must equal what the same scenario gives on a
 * real etcd cluster once IDs, ports and table padding are made symbolic ({@link MemberOutput}).
 * Calls whose outcome depends on timing (adding while the cluster is not yet healthy, promoting a
 * learner that has not caught up) are retried and only their final outcome is compared.
 *
 * <p>The Cairn variant runs with {@code -Dcluster.cairn=true}.
 */
class ClusterMembershipTest {
    private static final Duration RETRY_DEADLINE = Duration.ofSeconds(30);

    /** etcd's normalised transcript, computed once. */
    private static final Map<Target, List<String>> REFERENCE = new ConcurrentHashMap<>();

    @ParameterizedTest
    @MethodSource("dev.cairn.conformance.ClusterProcesses#targets")
    void membershipCommandsBehaveAsEtcds(Target target) {
        ClusterProcesses.assumeEnabled(target);
        List<String> expected = REFERENCE.computeIfAbsent(Target.ETCD, t -> scenario(t, "reference"));
        List<String> actual = scenario(target, "actual");
        Transcripts.write("cluster-membership-" + target.lowerName(), actual);
        assertThat(actual).hasSameSizeAs(expected);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                differences.add("step " + i + "\n=== etcd ===\n" + expected.get(i) + "=== " + target.lowerName()
                        + " ===\n" + actual.get(i));
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + expected.size() + " etcdctl calls differ from etcd:\n\n"
                    + String.join("\n", differences));
        }
    }

    /** Runs the whole scenario on a fresh cluster; returns the normalised transcript. */
    private static List<String> scenario(Target target, String label) {
        List<String> steps = new ArrayList<>();
        try (ClusterProcesses cluster =
                ClusterProcesses.start(target, "membership-" + label, ClusterProcesses.Options.defaults(3))) {
            MemberOutput names = new MemberOutput();
            Map<String, Long> ids = cluster.memberIds();
            ids.forEach((name, id) -> names.id(id, name));
            for (ClusterMember m : cluster.members()) {
                names.port(m.clientPort(), m.name() + ".client").port(m.peerPort(), m.name() + ".peer");
            }
            long clusterId = cluster.member("m0")
                    .status(Duration.ofSeconds(10))
                    .getHeader()
                    .getClusterId();
            names.id(clusterId, "cluster");
            List<ClusterMember> founders = cluster.members();
            Etcdctl ctl = etcdctl(founders);
            String voter = Long.toHexString(cluster.member("m0").id());

            steps.add(names.normalise(ctl.run("member", "list")));
            steps.add(names.normalise(ctl.run("member", "list", "-w", "json")));
            steps.add(names.normalise(ctl.run("member", "list", "-w", "table")));

            // a voter added, listed unstarted, then started with --initial-cluster-state existing
            int[] p3 = cluster.reservePorts();
            names.port(p3[0], "m3.client").port(p3[1], "m3.peer");
            String peer3 = ClusterMember.peerUrl(cluster.options(), p3[1]);
            // etcd accepts a new voter only once every voter has been connected for 5 s (strict
            // reconfiguration check): right after start it answers "unhealthy cluster"
            Etcdctl.Result add3 = retryWhile(
                    cluster,
                    () -> ctl.run("member", "add", "m3", "--peer-urls=" + peer3),
                    r -> r.stderr().contains("unhealthy cluster"));
            assertThat(add3.exitCode()).as("%s", add3).isZero();
            long id3 = MemberOutput.addedId(add3);
            names.id(id3, "m3");
            steps.add(names.normalise(add3));
            steps.add(names.normalise(ctl.run("member", "list")));

            // a learner: refused while m3 has not started, accepted once the cluster is healthy
            int[] p4 = cluster.reservePorts();
            names.port(p4[0], "m4.client").port(p4[1], "m4.peer");
            String peer4 = ClusterMember.peerUrl(cluster.options(), p4[1]);
            List<String> addLearner = List.of("member", "add", "m4", "--learner", "--peer-urls=" + peer4);
            steps.add(names.normalise(ctl.run(addLearner, null)));
            cluster.startAdded("m3", p3, MemberOutput.initialCluster(add3));
            Etcdctl.Result add4 = retryWhile(
                    cluster, () -> ctl.run(addLearner, null), r -> r.stderr().contains("unhealthy cluster"));
            assertThat(add4.exitCode()).as("%s", add4).isZero();
            long id4 = MemberOutput.addedId(add4);
            names.id(id4, "m4");
            String learner = Long.toHexString(id4);
            steps.add(names.normalise(add4));
            steps.add(names.normalise(ctl.run("member", "list", "-w", "json")));
            steps.add(names.normalise(ctl.run("member", "promote", learner)));

            ClusterMember m4 = cluster.startAdded("m4", p4, MemberOutput.initialCluster(add4));
            assertThat(m4.status(Duration.ofSeconds(10)).getIsLearner())
                    .as("m4 reports itself a learner")
                    .isTrue();
            steps.add(names.normalise(retryWhile(
                    cluster,
                    () -> ctl.run("member", "promote", learner),
                    r -> r.stderr().contains("in sync with leader"))));
            assertThat(m4.status(Duration.ofSeconds(10)).getIsLearner())
                    .as("m4 after promotion")
                    .isFalse();
            steps.add(names.normalise(ctl.run("member", "promote", voter)));
            steps.add(names.normalise(ctl.run("member", "promote", "1234")));

            // update: to its own URL (accepted), to another member's (refused), of no member
            String m3hex = Long.toHexString(id3);
            steps.add(names.normalise(ctl.run("member", "update", m3hex, "--peer-urls=" + peer3)));
            steps.add(names.normalise(ctl.run(
                    "member",
                    "update",
                    m3hex,
                    "--peer-urls=" + cluster.member("m0").peerUrl())));
            steps.add(names.normalise(ctl.run("member", "update", "1234", "--peer-urls=http://127.0.0.1:1")));
            steps.add(names.normalise(ctl.run("member", "list", "-w", "table")));

            // remove: the promoted learner, the same member again, no such member
            steps.add(names.normalise(ctl.run("member", "remove", learner)));
            m4.kill9();
            steps.add(names.normalise(ctl.run("member", "remove", learner)));
            steps.add(names.normalise(ctl.run("member", "remove", "1234")));
            steps.add(names.normalise(ctl.run("member", "list")));

            moveLeader(cluster, names, steps);

            steps.add(names.normalise(ctl.run("member", "remove", m3hex)));
            cluster.member("m3").kill9();
            steps.add(names.normalise(ctl.run("member", "list", "-w", "json")));
        }
        return steps;
    }

    /** move-leader to a follower, to the (new) leader itself, to no member, and without the leader. */
    private static void moveLeader(ClusterProcesses cluster, MemberOutput names, List<String> steps) {
        List<ClusterMember> voters = cluster.running();
        Etcdctl all = etcdctl(voters);
        ClusterMember leader = cluster.awaitLeader();
        ClusterMember transferee = voters.stream()
                .filter(m -> m != leader && !m.name().equals("m3"))
                .findFirst()
                .orElseThrow();
        long leaderId = leader.id();
        long transfereeId = transferee.id();
        MemberOutput roles = names.with(Map.of(leaderId, "leader", transfereeId, "transferee"), Map.of());
        String to = Long.toHexString(transfereeId);
        steps.add(roles.normalise(all.run("move-leader", to)));
        assertThat(cluster.awaitLeader()).as("leader after move-leader").isSameAs(transferee);
        steps.add(roles.normalise(all.run("move-leader", to)));
        steps.add(roles.normalise(all.run("move-leader", "1234")));
        ClusterMember follower =
                voters.stream().filter(m -> m != transferee).findFirst().orElseThrow();
        MemberOutput followerOnly =
                names.with(Map.of(transfereeId, "transferee"), Map.of(follower.clientPort(), "follower.client"));
        steps.add(followerOnly.normalise(etcdctl(List.of(follower)).run("move-leader", to)));
    }

    private static Etcdctl etcdctl(List<ClusterMember> members) {
        List<String> flags = new ArrayList<>();
        flags.add("--endpoints=" + ClusterProcesses.endpoints(members));
        flags.add("--dial-timeout=5s");
        flags.add("--command-timeout=10s");
        if (!members.isEmpty() && members.get(0).clientUrl().startsWith("https")) {
            flags.add("--insecure-transport=false");
            flags.add("--insecure-skip-tls-verify");
        }
        return new Etcdctl(flags);
    }

    /** Repeats a call while its outcome is {@code transient}, for at most {@link #RETRY_DEADLINE}. */
    private static Etcdctl.Result retryWhile(
            ClusterProcesses cluster,
            java.util.function.Supplier<Etcdctl.Result> call,
            Predicate<Etcdctl.Result> transient_) {
        long deadline = System.nanoTime() + RETRY_DEADLINE.toNanos();
        while (true) {
            Etcdctl.Result r = call.get();
            if (!transient_.test(r) || System.nanoTime() > deadline) {
                return r;
            }
            cluster.member("m0").pauseUnlessExited(200);
        }
    }
}
