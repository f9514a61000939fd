package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.KvFixture.CLUSTER_ID;
import static dev.cairn.server.rpc.KvFixture.MEMBER_ID;
import static dev.cairn.server.rpc.KvFixture.assertHeader;
import static dev.cairn.server.rpc.KvFixture.assertStatus;
import static dev.cairn.server.rpc.Ops.bs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.proto.etcdserverpb.LeaseKeepAliveResponse;
import dev.cairn.proto.etcdserverpb.LeaseLeasesRequest;
import dev.cairn.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.proto.etcdserverpb.LeaseStatus;
import dev.cairn.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.time.ManualTicker;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lease service over the wire (in-process, direct executors), with Puts that attach leases. */
class LeaseServiceTest {
    @TempDir
    Path dir;

    final ManualTicker ticker = new ManualTicker();
    MvccStore store;
    Server server;
    ManagedChannel channel;
    LeaseGrpc.LeaseBlockingStub lease;
    KVGrpc.KVBlockingStub kv;

    @BeforeEach
    void start() throws IOException {
        store = MvccStores.open(dir);
        LeaseMachine leases = LeaseMachine.recover(store, LeaseConfig.defaults(), ticker);
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        RpcServices.bind(RpcContext.local(store, CLUSTER_ID, MEMBER_ID, 128, 1_572_864L, leases))
                .forEach(builder::addService);
        server = builder.build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        lease = LeaseGrpc.newBlockingStub(channel);
        kv = KVGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        store.close();
    }

    private LeaseGrantResponse grant(long id, long ttl) {
        return lease.leaseGrant(
                LeaseGrantRequest.newBuilder().setID(id).setTTL(ttl).build());
    }

    private PutResponse put(String key, long leaseId) {
        return kv.put(PutRequest.newBuilder()
                .setKey(bs(key))
                .setValue(bs("v"))
                .setLease(leaseId)
                .build());
    }

    private long revision() {
        return kv.range(Ops.getReq("any")).getHeader().getRevision();
    }

    private LeaseTimeToLiveResponse ttl(long id, boolean keys) {
        return lease.leaseTimeToLive(
                LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(keys).build());
    }

    @Test
    void grantPicksAnIdAndReportsTheCurrentRevision() {
        kv.put(Ops.putReq("a", "1"));
        LeaseGrantResponse r = grant(0, 60);
        assertThat(r.getID()).isPositive();
        assertThat(r.getTTL()).isEqualTo(60);
        assertThat(r.getError()).isEmpty();
        assertHeader(r.getHeader(), 2);
    }

    @Test
    void grantWithExplicitIdRaisesShortTtls() {
        LeaseGrantResponse r = grant(42, 1);
        assertThat(r.getID()).isEqualTo(42);
        assertThat(r.getTTL()).isEqualTo(2);
    }

    @Test
    void grantErrorsAreEtcds() {
        grant(42, 10);
        assertStatus(() -> grant(42, 10), Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists");
        assertStatus(() -> grant(0, 9_000_000_001L), Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL");
        assertThat(grant(43, 9_000_000_000L).getTTL()).isEqualTo(9_000_000_000L);
    }

    @Test
    void revokeDeletesTheKeysAtOneRevision() {
        long id = grant(0, 60).getID();
        put("k1", id);
        put("k2", id);
        long before = revision();
        var r = lease.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build());
        assertHeader(r.getHeader(), before + 1);
        assertThat(kv.range(Ops.rangeReq("k", "l")).getKvsList()).isEmpty();
        assertThat(kv.range(Ops.rangeReq("k", "l").toBuilder()
                                .setRevision(before)
                                .build())
                        .getCount())
                .isEqualTo(2);
        assertThat(ttl(id, false).getTTL()).isEqualTo(-1);
    }

    @Test
    void revokeOfUnknownLeaseIsNotFound() {
        assertStatus(
                () -> lease.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(5).build()),
                Status.Code.NOT_FOUND,
                "etcdserver: requested lease not found");
    }

    @Test
    void keepAliveRenewsAndAnswersZeroForUnknownLeases() {
        long id = grant(0, 10).getID();
        kv.put(Ops.putReq("a", "1"));
        ticker.advance(Duration.ofSeconds(7));
        List<LeaseKeepAliveResponse> got = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        boolean[] completed = {false};
        StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(channel)
                .leaseKeepAlive(new StreamObserver<>() {
                    @Override
                    public void onNext(LeaseKeepAliveResponse value) {
                        got.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        errors.add(t);
                    }

                    @Override
                    public void onCompleted() {
                        completed[0] = true;
                    }
                });
        requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build());
        requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(id + 1).build());
        requests.onCompleted();

        assertThat(errors).isEmpty();
        assertThat(completed[0]).isTrue();
        assertThat(got).hasSize(2);
        assertThat(got.get(0).getID()).isEqualTo(id);
        assertThat(got.get(0).getTTL()).isEqualTo(10);
        assertHeader(got.get(0).getHeader(), 2);
        assertThat(got.get(1).getID()).isEqualTo(id + 1);
        assertThat(got.get(1).getTTL()).isZero();
        assertThat(ttl(id, false).getTTL()).isEqualTo(10);
    }

    @Test
    void timeToLiveWithAndWithoutKeys() {
        long id = grant(0, 30).getID();
        put("b", id);
        put("a", id);
        ticker.advance(Duration.ofMillis(4_500));

        LeaseTimeToLiveResponse with = ttl(id, true);
        assertThat(with.getID()).isEqualTo(id);
        assertThat(with.getTTL()).isEqualTo(25);
        assertThat(with.getGrantedTTL()).isEqualTo(30);
        assertThat(with.getKeysList()).containsExactly(bs("a"), bs("b"));
        assertHeader(with.getHeader(), 3);
        assertThat(ttl(id, false).getKeysList()).isEmpty();
    }

    @Test
    void timeToLiveOfUnknownLeaseIsMinusOne() {
        kv.put(Ops.putReq("a", "1"));
        LeaseTimeToLiveResponse r = ttl(99, true);
        assertThat(r.getID()).isEqualTo(99);
        assertThat(r.getTTL()).isEqualTo(-1);
        assertThat(r.getGrantedTTL()).isZero();
        assertThat(r.getKeysList()).isEmpty();
        assertHeader(r.getHeader(), 2);
    }

    @Test
    void leasesListsEveryLease() {
        grant(3, 100);
        grant(1, 10);
        grant(2, 50);
        var r = lease.leaseLeases(LeaseLeasesRequest.getDefaultInstance());
        assertThat(r.getLeasesList()).extracting(LeaseStatus::getID).containsExactly(1L, 2L, 3L);
        assertHeader(r.getHeader(), 1);
    }

    @Test
    void putAttachesDetachesAndKeepsLeases() {
        long id = grant(0, 30).getID();
        put("a", id);
        KeyValue kvA = kv.range(Ops.getReq("a")).getKvs(0);
        assertThat(kvA.getLease()).isEqualTo(id);

        kv.put(PutRequest.newBuilder()
                .setKey(bs("a"))
                .setValue(bs("w"))
                .setIgnoreLease(true)
                .build());
        assertThat(kv.range(Ops.getReq("a")).getKvs(0).getLease()).isEqualTo(id);
        assertThat(ttl(id, true).getKeysList()).containsExactly(bs("a"));

        put("a", 0);
        assertThat(kv.range(Ops.getReq("a")).getKvs(0).getLease()).isZero();
        assertThat(ttl(id, true).getKeysList()).isEmpty();
    }

    @Test
    void putAndTxnWithUnknownLeaseAreNotFound() {
        assertStatus(() -> put("a", 1234), Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
        assertStatus(
                () -> kv.txn(Ops.then(
                                Ops.when(),
                                Ops.put(PutRequest.newBuilder()
                                        .setKey(bs("a"))
                                        .setLease(1234)
                                        .build()))
                        .build()),
                Status.Code.NOT_FOUND,
                "etcdserver: requested lease not found");
        long id = grant(0, 30).getID();
        lease.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build());
        assertStatus(() -> put("a", id), Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
    }
}
