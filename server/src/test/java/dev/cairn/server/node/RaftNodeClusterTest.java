package dev.cairn.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.server.replication.Applied;
import dev.cairn.server.replication.RequestIds;
import dev.cairn.server.replication.TimeoutScheduler;
import dev.cairn.server.replication.Waiters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Three (or one) raft nodes in one process: election, replication, restart, reads, compaction. */
class RaftNodeClusterTest {
    private static final long WAIT = TestCluster.WAIT.toSeconds();

    @Test
    void aLoneMemberElectsItselfAndApplies() throws Exception {
        try (TestCluster c = new TestCluster(1)) {
            assertThat(c.awaitLeader()).isEqualTo(1);
            c.node(1).propose(TestCluster.put("a", "1")).get(WAIT, TimeUnit.SECONDS);
            c.awaitEverywhere("a");
            assertThat(c.machine(1).get("a")).isEqualTo("1");
            c.machine(1).check();
        }
    }

    @Test
    void threeMembersElectOneLeaderAndApplyWritesFromAnyMember() throws Exception {
        try (TestCluster c = new TestCluster(3)) {
            long leader = c.awaitLeader();
            assertThat(c.ids).contains(leader);
            for (long id : c.ids) {
                proposeUntilTaken(c, id, "k" + id, "v" + id);
            }
            for (long id : c.ids) {
                c.awaitEverywhere("k" + id);
            }
            for (long id : c.ids) {
                assertThat(c.machine(id).snapshot())
                        .containsEntry("k1", "v1")
                        .containsEntry("k2", "v2")
                        .containsEntry("k3", "v3");
                c.machine(id).check();
            }
            assertThat(c.node(leader).isLeader()).isTrue();
        }
    }

    @Test
    void aRestartedFollowerReplaysWithoutLossOrDuplication() throws Exception {
        try (TestCluster c = new TestCluster(3)) {
            long leader = c.awaitLeader();
            long follower =
                    c.ids.stream().filter(id -> id != leader).findFirst().orElseThrow();
            for (int i = 0; i < 20; i++) {
                proposeUntilTaken(c, leader, "before" + i, "x");
            }
            c.awaitEverywhere("before19");
            c.stop(follower);
            for (int i = 0; i < 20; i++) {
                proposeUntilTaken(c, c.awaitLeader(), "during" + i, "y");
            }
            c.awaitEverywhere("during19");
            c.start(follower);
            c.awaitEverywhere("during19");
            proposeUntilTaken(c, follower, "after", "z");
            c.awaitEverywhere("after");
            TestMachine m = c.machine(follower);
            m.check();
            assertThat(m.snapshot()).hasSize(41);
            assertThat(m.appliedIndexes()).doesNotHaveDuplicates().isSorted();
            assertThat(m.snapshot()).isEqualTo(c.machine(leader).snapshot());
        }
    }

    @Test
    void linearizableReadsOnAFollowerSeeEveryEarlierWrite() throws Exception {
        try (TestCluster c = new TestCluster(3)) {
            long leader = c.awaitLeader();
            long follower =
                    c.ids.stream().filter(id -> id != leader).findFirst().orElseThrow();
            ReadIndexBarrier barrier = new ReadIndexBarrier(
                    c.node(follower), TimeoutScheduler.daemon("test-read-timeouts"), Duration.ofSeconds(20));
            for (int round = 0; round < 5; round++) {
                String key = "r" + round;
                proposeUntilTaken(c, leader, key, "v");
                c.machine(leader).awaitKey(key).get(WAIT, TimeUnit.SECONDS);
                List<CompletableFuture<Void>> reads = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    reads.add(barrier.linearizable());
                }
                CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(WAIT, TimeUnit.SECONDS);
                assertThat(c.machine(follower).get(key))
                        .as("read after the barrier sees " + key)
                        .isEqualTo("v");
            }
        }
    }

    @Test
    void theProposerWaitsForTheLocalApplyOnAFollower() throws Exception {
        try (TestCluster c = new TestCluster(3)) {
            long leader = c.awaitLeader();
            long follower =
                    c.ids.stream().filter(id -> id != leader).findFirst().orElseThrow();
            TimeoutScheduler timeouts = TimeoutScheduler.daemon("test-proposal-timeouts");
            Waiters waiters = new Waiters(timeouts, Duration.ofSeconds(20));
            c.machine(follower).useWaiters(waiters);
            RaftProposer proposer = new RaftProposer(
                    c.node(follower), waiters, RequestIds.forMember(follower, Instant.EPOCH), timeouts);
            List<CompletableFuture<Applied>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                results.add(proposer.propose(ReplicatedRequest.newBuilder()
                        .setPut(PutRequest.newBuilder()
                                .setKey(ByteString.copyFromUtf8("p" + i))
                                .setValue(ByteString.copyFromUtf8("v")))
                        .build()));
            }
            for (int i = 0; i < 30; i++) {
                Applied a = results.get(i).get(WAIT, TimeUnit.SECONDS);
                assertThat(c.machine(follower).get("p" + i)).isEqualTo("v");
                assertThat(a.index()).isPositive();
            }
            assertThat(waiters.size()).isZero();
        }
    }

    @Test
    void compactionKeepsTheLogShortAndARestartRecoversFromTheSnapshot() throws Exception {
        try (TestCluster c = new TestCluster(1, 10, 5)) {
            c.awaitLeader();
            for (int i = 0; i < 40; i++) {
                c.node(1).propose(TestCluster.put("c" + i, "v")).get(WAIT, TimeUnit.SECONDS);
            }
            c.awaitEverywhere("c39");
            c.node(1).status().get(WAIT, TimeUnit.SECONDS); // the compaction queued before is done
            assertThat(c.log(1).hasSnapshot()).isTrue();
            assertThat(c.log(1).firstIndex()).isGreaterThan(1);
            // the log was truncated only below what the machine had synced
            assertThat(c.machine(1).syncedIndex())
                    .isGreaterThanOrEqualTo(c.log(1).firstIndex() - 1);
            c.stop(1);
            c.start(1);
            assertThat(c.awaitLeader()).isEqualTo(1);
            c.node(1).propose(TestCluster.put("after", "v")).get(WAIT, TimeUnit.SECONDS);
            c.awaitEverywhere("after");
            c.machine(1).check();
            assertThat(c.machine(1).snapshot()).hasSize(41);
        }
    }

    @Test
    void aProposalTheTransportRefusedIsForwardedAgainOnceTheLeaderIsReachable() throws Exception {
        try (TestCluster c = new TestCluster(3)) {
            long leader = c.awaitLeader();
            long follower =
                    c.ids.stream().filter(id -> id != leader).findFirst().orElseThrow();
            c.cut(follower, leader);
            c.node(follower).propose(TestCluster.put("refused", "v")).get(WAIT, TimeUnit.SECONDS);
            c.refusedProposal.get(WAIT, TimeUnit.SECONDS);
            c.heal();
            c.awaitEverywhere("refused");
            for (long id : c.ids) {
                assertThat(c.machine(id).get("refused")).isEqualTo("v");
                c.machine(id).check();
            }
        }
    }

    /** Proposes through {@code id}, again while raft drops it for want of a known leader. */
    private static void proposeUntilTaken(TestCluster c, long id, String key, String value) throws Exception {
        long deadline = System.nanoTime() + TestCluster.WAIT.toNanos();
        while (true) {
            try {
                c.node(id).propose(TestCluster.put(key, value)).get(WAIT, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof dev.cairn.raft.ProposalDroppedException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                c.awaitLeader();
            }
        }
    }
}
