package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.ElectionFixture.UNKNOWN_LEASE;
import static dev.cairn.server.rpc.ElectionFixture.WAIT_SECONDS;
import static dev.cairn.server.rpc.KvFixture.assertHeader;
import static dev.cairn.server.rpc.KvFixture.assertStatus;
import static dev.cairn.server.rpc.Ops.bs;
import static dev.cairn.server.rpc.Ops.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.v3electionpb.CampaignRequest;
import dev.cairn.proto.v3electionpb.CampaignResponse;
import dev.cairn.proto.v3electionpb.LeaderKey;
import dev.cairn.proto.v3electionpb.LeaderRequest;
import dev.cairn.proto.v3electionpb.LeaderResponse;
import dev.cairn.proto.v3electionpb.ProclaimRequest;
import dev.cairn.proto.v3electionpb.ProclaimResponse;
import dev.cairn.proto.v3electionpb.ResignRequest;
import dev.cairn.proto.v3electionpb.ResignResponse;
import io.grpc.Context;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Election service over in-process gRPC: queueing, proclaim, leader, observe, resign. */
class ElectionServiceTest {
    @TempDir
    Path dir;

    ElectionFixture f;

    @BeforeEach
    void start() {
        f = new ElectionFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void firstCampaignerLeadsAtOnceWithItsLeaseKey() {
        CampaignResponse r = f.election.campaign(campaign("e", 0xABCDEFL, "a"));
        assertHeader(r.getHeader(), 2);
        assertThat(r.getLeader()).isEqualTo(leaderKey("e", "e/abcdef", 2, 0xABCDEFL));
        LeaderResponse leader = f.election.leader(leaderReq("e"));
        assertHeader(leader.getHeader(), 2);
        assertThat(str(leader.getKv().getKey())).isEqualTo("e/abcdef");
        assertThat(str(leader.getKv().getValue())).isEqualTo("a");
        assertThat(leader.getKv().getLease()).isEqualTo(0xABCDEFL);
    }

    @Test
    void campaignWithLeaseZeroRunsOnAFreshSessionLease() {
        CampaignResponse r = f.election.campaign(campaign("e", 0, "a"));
        assertThat(r.getLeader()).isEqualTo(leaderKey("e", "e/1000", 2, 0x1000));
        assertThat(f.kv.range(Ops.getReq("e/1000")).getKvs(0).getLease()).isEqualTo(0x1000);
    }

    @Test
    void secondCampaignerLeadsOnlyAfterTheFirstResigns() throws Exception {
        CampaignResponse first = f.election.campaign(campaign("e", 1, "a"));
        Replies.Unary<CampaignResponse> second = new Replies.Unary<>();
        f.electionAsync.campaign(campaign("e", 2, "b"), second);
        f.created("e/2").get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(second.answer).isNotDone();
        assertThat(str(f.election.leader(leaderReq("e")).getKv().getKey())).isEqualTo("e/1");

        ResignResponse resigned = f.election.resign(
                ResignRequest.newBuilder().setLeader(first.getLeader()).build());
        assertHeader(resigned.getHeader(), 4);
        CampaignResponse won = second.await();
        assertHeader(won.getHeader(), 3);
        assertThat(won.getLeader()).isEqualTo(leaderKey("e", "e/2", 3, 2));
        assertThat(str(f.election.leader(leaderReq("e")).getKv().getKey())).isEqualTo("e/2");
    }

    @Test
    void campaignersLeadInCreateOrder() throws Exception {
        CampaignResponse first = f.election.campaign(campaign("e", 1, "a"));
        Replies.Unary<CampaignResponse> second = new Replies.Unary<>();
        f.electionAsync.campaign(campaign("e", 2, "b"), second);
        Replies.Unary<CampaignResponse> third = new Replies.Unary<>();
        f.electionAsync.campaign(campaign("e", 3, "c"), third);
        f.created("e/3").get(WAIT_SECONDS, TimeUnit.SECONDS);

        f.election.resign(
                ResignRequest.newBuilder().setLeader(first.getLeader()).build());
        CampaignResponse secondWon = second.await();
        assertThat(secondWon.getLeader().getKey()).isEqualTo(bs("e/2"));
        assertThat(third.answer).isNotDone();

        f.election.resign(
                ResignRequest.newBuilder().setLeader(secondWon.getLeader()).build());
        assertThat(third.await().getLeader()).isEqualTo(leaderKey("e", "e/3", 4, 3));
    }

    @Test
    void campaignWithAnUnknownLeaseFailsLikeItsPut() {
        assertStatus(
                () -> f.election.campaign(campaign("e", UNKNOWN_LEASE, "a")),
                Status.Code.NOT_FOUND,
                "etcdserver: requested lease not found");
        assertThat(f.exists("e/194")).isFalse();
    }

    @Test
    void campaigningAgainWithTheSameLeaseKeepsTheKeyAndProclaimsTheValue() {
        CampaignResponse first = f.election.campaign(campaign("e", 1, "a"));
        CampaignResponse again = f.election.campaign(campaign("e", 1, "b"));
        assertThat(again.getLeader()).isEqualTo(first.getLeader());
        assertHeader(again.getHeader(), 2);
        LeaderResponse leader = f.election.leader(leaderReq("e"));
        assertThat(str(leader.getKv().getValue())).isEqualTo("b");
        assertThat(leader.getKv().getCreateRevision()).isEqualTo(2);
        assertThat(leader.getKv().getModRevision()).isEqualTo(3);
    }

    @Test
    void leaderOfAnEmptyElectionIsAnError() {
        f.kv.put(Ops.putReq("e", "not under e/"));
        f.kv.put(Ops.putReq("e0", "not under e/ either"));
        assertStatus(() -> f.election.leader(leaderReq("e")), Status.Code.UNKNOWN, "election: no leader");
    }

    @Test
    void leaderIsTheOldestKeyEvenWhenNewerKeysSortFirst() {
        f.kv.put(Ops.putReq("e/b", "old"));
        f.kv.put(Ops.putReq("e/a", "new"));
        assertThat(str(f.election.leader(leaderReq("e")).getKv().getKey())).isEqualTo("e/b");
    }

    @Test
    void proclaimAsLeaderSetsTheValue() {
        CampaignResponse c = f.election.campaign(campaign("e", 1, "a"));
        ProclaimResponse r = f.election.proclaim(ProclaimRequest.newBuilder()
                .setLeader(c.getLeader())
                .setValue(bs("b"))
                .build());
        assertHeader(r.getHeader(), 3);
        LeaderResponse leader = f.election.leader(leaderReq("e"));
        assertThat(str(leader.getKv().getValue())).isEqualTo("b");
        assertThat(leader.getKv().getLease()).isEqualTo(1);
    }

    @Test
    void proclaimWithAStaleLeaderKeyIsNotLeader() {
        CampaignResponse c = f.election.campaign(campaign("e", 1, "a"));
        LeaderKey stale =
                c.getLeader().toBuilder().setRev(c.getLeader().getRev() + 1).build();
        assertStatus(
                () -> f.election.proclaim(ProclaimRequest.newBuilder()
                        .setLeader(stale)
                        .setValue(bs("b"))
                        .build()),
                Status.Code.UNKNOWN,
                "election: not leader");
        assertThat(str(f.election.leader(leaderReq("e")).getKv().getValue())).isEqualTo("a");
    }

    @Test
    void proclaimAndResignNeedTheLeaderField() {
        String text = "\"leader\" field must be provided";
        assertStatus(
                () -> f.election.proclaim(
                        ProclaimRequest.newBuilder().setValue(bs("b")).build()),
                Status.Code.UNKNOWN,
                text);
        assertStatus(() -> f.election.resign(ResignRequest.getDefaultInstance()), Status.Code.UNKNOWN, text);
    }

    @Test
    void resignWhenNotLeaderIsNoErrorAndKeepsTheKey() {
        CampaignResponse c = f.election.campaign(campaign("e", 1, "a"));
        LeaderKey stale = c.getLeader().toBuilder().setRev(99).build();
        ResignResponse r =
                f.election.resign(ResignRequest.newBuilder().setLeader(stale).build());
        assertHeader(r.getHeader(), 2);
        assertThat(f.exists("e/1")).isTrue();
    }

    @Test
    void observeSeesTheLeaderItsValuesAndItsSuccessor() throws Exception {
        Replies.Stream<LeaderResponse> seen = new Replies.Stream<>();
        Context.CancellableContext observing = Context.current().withCancellation();
        observing.run(() -> f.electionAsync.observe(leaderReq("e"), seen));

        CampaignResponse first = f.election.campaign(campaign("e", 1, "a"));
        LeaderResponse initial = seen.next();
        assertThat(str(initial.getKv().getKey()) + "=" + str(initial.getKv().getValue()))
                .isEqualTo("e/1=a");
        assertHeader(initial.getHeader(), 2);

        f.election.proclaim(ProclaimRequest.newBuilder()
                .setLeader(first.getLeader())
                .setValue(bs("a2"))
                .build());
        LeaderResponse proclaimed = seen.next();
        assertThat(str(proclaimed.getKv().getValue())).isEqualTo("a2");
        assertHeader(proclaimed.getHeader(), 3);

        Replies.Unary<CampaignResponse> second = new Replies.Unary<>();
        f.electionAsync.campaign(campaign("e", 2, "b"), second);
        f.created("e/2").get(WAIT_SECONDS, TimeUnit.SECONDS);
        f.election.resign(
                ResignRequest.newBuilder().setLeader(first.getLeader()).build());
        second.await();
        LeaderResponse successor = seen.next();
        assertThat(str(successor.getKv().getKey()) + "=" + str(successor.getKv().getValue()))
                .isEqualTo("e/2=b");
        assertThat(seen.messages).isEmpty();

        observing.cancel(null);
        assertThat(seen.ended).failsWithin(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void observeWaitsThroughAnElectionWithoutLeader() throws Exception {
        CampaignResponse first = f.election.campaign(campaign("e", 1, "a"));
        Replies.Stream<LeaderResponse> seen = new Replies.Stream<>();
        Context.CancellableContext observing = Context.current().withCancellation();
        observing.run(() -> f.electionAsync.observe(leaderReq("e"), seen));
        assertThat(str(seen.next().getKv().getKey())).isEqualTo("e/1");

        f.election.resign(
                ResignRequest.newBuilder().setLeader(first.getLeader()).build());
        f.kv.put(Ops.putReq("other", "x"));
        f.election.campaign(campaign("e", 3, "c"));
        LeaderResponse next = seen.next();
        assertThat(str(next.getKv().getKey()) + "=" + str(next.getKv().getValue()))
                .isEqualTo("e/3=c");
        assertHeader(next.getHeader(), 5);
        assertThat(seen.messages).isEmpty();
        observing.cancel(null);
    }

    @Test
    void observeStartsWithTheCurrentLeader() throws Exception {
        f.election.campaign(campaign("e", 1, "a"));
        Replies.Stream<LeaderResponse> seen = new Replies.Stream<>();
        Context.CancellableContext observing = Context.current().withCancellation();
        observing.run(() -> f.electionAsync.observe(leaderReq("e"), seen));
        LeaderResponse initial = seen.next();
        assertThat(str(initial.getKv().getKey())).isEqualTo("e/1");
        assertHeader(initial.getHeader(), 2);
        observing.cancel(null);
    }

    @Test
    void cancellingAWaitingCampaignDeletesItsKey() throws Exception {
        f.election.campaign(campaign("e", 1, "a"));
        Replies.Unary<CampaignResponse> second = new Replies.Unary<>();
        Context.CancellableContext campaigning = Context.current().withCancellation();
        campaigning.run(() -> f.electionAsync.campaign(campaign("e", 2, "b"), second));
        f.created("e/2").get(WAIT_SECONDS, TimeUnit.SECONDS);

        campaigning.cancel(null);
        f.deleted("e/2").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(f.exists("e/2")).isFalse();
        assertThat(str(f.election.leader(leaderReq("e")).getKv().getKey())).isEqualTo("e/1");
    }

    static CampaignRequest campaign(String name, long lease, String value) {
        return CampaignRequest.newBuilder()
                .setName(bs(name))
                .setLease(lease)
                .setValue(bs(value))
                .build();
    }

    static LeaderRequest leaderReq(String name) {
        return LeaderRequest.newBuilder().setName(bs(name)).build();
    }

    static LeaderKey leaderKey(String name, String key, long rev, long lease) {
        return LeaderKey.newBuilder()
                .setName(bs(name))
                .setKey(bs(key))
                .setRev(rev)
                .setLease(lease)
                .build();
    }
}
