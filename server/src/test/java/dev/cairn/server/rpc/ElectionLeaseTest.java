package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.ElectionFixture.WAIT_SECONDS;
import static dev.cairn.server.rpc.KvFixture.CLUSTER_ID;
import static dev.cairn.server.rpc.KvFixture.MEMBER_ID;
import static dev.cairn.server.rpc.Ops.bs;
import static dev.cairn.server.rpc.Ops.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.proto.v3electionpb.CampaignRequest;
import dev.cairn.proto.v3electionpb.CampaignResponse;
import dev.cairn.proto.v3electionpb.ElectionGrpc;
import dev.cairn.proto.v3lockpb.LockGrpc;
import dev.cairn.proto.v3lockpb.LockRequest;
import dev.cairn.proto.v3lockpb.LockResponse;
import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.time.ManualTicker;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Election and Lock with real leases, through every service {@link RpcServices#bind} registers. */
class ElectionLeaseTest {
    @TempDir
    Path dir;

    MvccStore store;
    Server server;
    ManagedChannel channel;
    LeaseGrpc.LeaseBlockingStub lease;
    KVGrpc.KVBlockingStub kv;
    ElectionGrpc.ElectionBlockingStub election;
    LockGrpc.LockStub lockAsync;

    @BeforeEach
    void start() throws IOException {
        store = MvccStores.open(dir);
        LeaseMachine leases = LeaseMachine.empty(LeaseConfig.defaults(), new ManualTicker());
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        RpcServices.bind(RpcContext.local(store, CLUSTER_ID, MEMBER_ID, 128, 1_572_864L, leases))
                .forEach(builder::addService);
        server = builder.build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        lease = LeaseGrpc.newBlockingStub(channel);
        kv = KVGrpc.newBlockingStub(channel);
        election = ElectionGrpc.newBlockingStub(channel).withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS);
        lockAsync = LockGrpc.newStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        store.close();
    }

    @Test
    void campaignWithAGrantedLeaseAttachesItToTheKey() {
        long id = grant(0x2a);
        CampaignResponse r = election.campaign(CampaignRequest.newBuilder()
                .setName(bs("e"))
                .setLease(id)
                .setValue(bs("me"))
                .build());
        assertThat(str(r.getLeader().getKey())).isEqualTo("e/2a");
        assertThat(r.getLeader().getLease()).isEqualTo(id);
        KeyValue kv0 = kv.range(Ops.getReq("e/2a")).getKvs(0);
        assertThat(kv0.getLease()).isEqualTo(id);
        assertThat(kv0.getCreateRevision()).isEqualTo(r.getLeader().getRev());
    }

    @Test
    void campaignWithLeaseZeroGrantsASessionLeaseOfSixtySeconds() {
        CampaignResponse r = election.campaign(
                CampaignRequest.newBuilder().setName(bs("e")).setValue(bs("me")).build());
        long id = r.getLeader().getLease();
        assertThat(id).isPositive();
        assertThat(str(r.getLeader().getKey())).isEqualTo("e/" + Long.toHexString(id));
        assertThat(lease.leaseTimeToLive(
                                LeaseTimeToLiveRequest.newBuilder().setID(id).build())
                        .getGrantedTTL())
                .isEqualTo(60);
    }

    @Test
    void revokingTheHoldersLeaseHandsTheLockOn() throws Exception {
        long first = grant(1);
        long second = grant(2);
        Replies.Unary<LockResponse> held = new Replies.Unary<>();
        lockAsync.lock(LockRequest.newBuilder().setName(bs("l")).setLease(first).build(), held);
        assertThat(str(held.await().getKey())).isEqualTo("l/1");

        Replies.Unary<LockResponse> waiting = new Replies.Unary<>();
        lockAsync.lock(
                LockRequest.newBuilder().setName(bs("l")).setLease(second).build(), waiting);
        assertThat(waiting.answer).isNotDone();

        lease.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(first).build());
        assertThat(str(waiting.await().getKey())).isEqualTo("l/2");
        assertThat(kv.range(Ops.getReq("l/1")).getCount()).isZero();
    }

    private long grant(long id) {
        return lease.leaseGrant(
                        LeaseGrantRequest.newBuilder().setID(id).setTTL(60).build())
                .getID();
    }
}
