package dev.cairn.conformance;

import static dev.cairn.conformance.JetcdCalls.WAIT_SECONDS;
import static dev.cairn.conformance.JetcdCalls.await;
import static dev.cairn.conformance.JetcdCalls.bs;
import static dev.cairn.conformance.JetcdCalls.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.lock.LockResponse;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server-side v3lock and v3election services (which etcdctl 3.4 does not use) through jetcd:
 * lock keys are {@code name/<lease hex>}, a second locker queues until the first unlocks or its
 * lease goes, re-locking with the held lease is a no-op; campaign, proclaim, leader, observe and
 * resign, with etcd's error texts. Waits are bounded and wait for state the test caused.
 */
class JetcdLockElectionTest {

    static Stream<Target> targets() {
        return Target.selected().stream();
    }

    /**
     * The error a call fails with: class and message. jetcd turns etcd's texts {@code election:
     * no leader} and {@code election: not leader} into NoLeaderException and NotLeaderException
     * (no message), so the class name shows that the server's text was right.
     */
    private static String failureText(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(thrown).as("the call fails").isInstanceOf(ExecutionException.class);
        Throwable cause = thrown.getCause();
        return cause == null ? String.valueOf(thrown) : cause.getClass().getName() + ": " + cause.getMessage();
    }

    private record Session(ServerProcess server, Client client) implements AutoCloseable {
        static Session open(Target target, String label) {
            ServerProcess server = ServerProcess.start(target, label, null);
            try {
                return new Session(
                        server,
                        Client.builder()
                                .endpoints(server.endpoint())
                                .connectTimeout(Duration.ofSeconds(5))
                                .retryMaxDuration(Duration.ofSeconds(10))
                                .build());
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }

        long grant() {
            return await(client.getLeaseClient().grant(60)).getID();
        }

        /** Polls until exactly {@code count} keys exist under {@code prefix} (bounded). */
        void awaitKeys(String prefix, int count) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            long seen = -1;
            while (System.nanoTime() < deadline) {
                seen = await(client.getKVClient()
                                .get(
                                        bs(prefix),
                                        GetOption.builder()
                                                .isPrefix(true)
                                                .withCountOnly(true)
                                                .build()))
                        .getCount();
                if (seen == count) {
                    return;
                }
            }
            throw new AssertionError(count + " keys under " + prefix + " expected, saw " + seen);
        }

        @Override
        public void close() {
            try {
                client.close();
            } finally {
                server.close();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void secondLockerWaitsForUnlock(Target target) {
        try (Session s = Session.open(target, "jetcd-lock")) {
            long a = s.grant();
            long b = s.grant();
            LockResponse first = await(s.client().getLockClient().lock(bs("L"), a));
            assertThat(str(first.getKey())).isEqualTo("L/" + Long.toHexString(a));
            assertThat(first.getHeader().getRevision()).isEqualTo(2);

            LockResponse again = await(s.client().getLockClient().lock(bs("L"), a));
            assertThat(str(again.getKey()))
                    .as("locking again with the held lease")
                    .isEqualTo(str(first.getKey()));

            CompletableFuture<LockResponse> second = s.client().getLockClient().lock(bs("L"), b);
            s.awaitKeys("L/", 2);
            assertThat(second)
                    .as("the second locker waits while the first holds the lock")
                    .isNotDone();

            await(s.client().getLockClient().unlock(first.getKey()));
            LockResponse got = await(second);
            assertThat(str(got.getKey())).isEqualTo("L/" + Long.toHexString(b));
            await(s.client().getLockClient().unlock(got.getKey()));
            s.awaitKeys("L/", 0);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void revokingTheHoldersLeaseHandsTheLockOn(Target target) {
        try (Session s = Session.open(target, "jetcd-lock-revoke")) {
            long a = s.grant();
            long b = s.grant();
            await(s.client().getLockClient().lock(bs("R"), a));
            CompletableFuture<LockResponse> second = s.client().getLockClient().lock(bs("R"), b);
            s.awaitKeys("R/", 2);
            assertThat(second).isNotDone();
            await(s.client().getLeaseClient().revoke(a));
            assertThat(str(await(second).getKey())).isEqualTo("R/" + Long.toHexString(b));
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void lockWithUnknownLeaseFails(Target target) {
        try (Session s = Session.open(target, "jetcd-lock-bad-lease")) {
            assertThat(failureText(s.client().getLockClient().lock(bs("X"), 0x1234)))
                    .contains("etcdserver: requested lease not found");
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void campaignProclaimObserveResign(Target target) throws InterruptedException {
        try (Session s = Session.open(target, "jetcd-election")) {
            Election election = s.client().getElectionClient();
            long a = s.grant();
            long b = s.grant();

            assertThat(failureText(election.leader(bs("E")))).contains("NoLeaderException");

            CampaignResponse won = await(election.campaign(bs("E"), a, bs("p1")));
            LeaderKey leader = won.getLeader();
            assertThat(str(leader.getName())).isEqualTo("E");
            assertThat(str(leader.getKey())).isEqualTo("E/" + Long.toHexString(a));
            assertThat(leader.getRevision()).isEqualTo(2);
            assertThat(leader.getLease()).isEqualTo(a);
            assertThat(str(await(election.leader(bs("E"))).getKv().getValue())).isEqualTo("p1");

            await(election.proclaim(leader, bs("p1b")));
            LeaderResponse proclaimed = await(election.leader(bs("E")));
            assertThat(str(proclaimed.getKv().getValue())).isEqualTo("p1b");
            assertThat(proclaimed.getKv().getModRevision()).isEqualTo(3);

            LinkedBlockingQueue<Object> observed = new LinkedBlockingQueue<>();
            election.observe(bs("E"), new Election.Listener() {
                @Override
                public void onNext(LeaderResponse response) {
                    observed.add(str(response.getKv().getKey()) + "="
                            + str(response.getKv().getValue()));
                }

                @Override
                public void onError(Throwable throwable) {
                    observed.add(throwable);
                }

                @Override
                public void onCompleted() {
                    observed.add("completed");
                }
            });
            assertThat(observed.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("E/" + Long.toHexString(a) + "=p1b");

            CompletableFuture<CampaignResponse> challenger = election.campaign(bs("E"), b, bs("p2"));
            s.awaitKeys("E/", 2);
            assertThat(challenger)
                    .as("the second campaigner waits for the leader")
                    .isNotDone();

            await(election.resign(leader));
            LeaderKey next = await(challenger).getLeader();
            assertThat(str(next.getKey())).isEqualTo("E/" + Long.toHexString(b));
            assertThat(observed.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("E/" + Long.toHexString(b) + "=p2");
            assertThat(str(await(election.leader(bs("E"))).getKv().getValue())).isEqualTo("p2");

            assertThat(failureText(election.proclaim(leader, bs("stale")))).contains("NotLeaderException");
            assertThat(str(await(election.leader(bs("E"))).getKv().getValue())).isEqualTo("p2");
        }
    }
}
