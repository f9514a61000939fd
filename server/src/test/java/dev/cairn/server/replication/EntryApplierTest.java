package dev.cairn.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.LeaseCheckpoint;
import dev.cairn.proto.etcdserverpb.LeaseCheckpointRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.server.kv.KvException;
import dev.cairn.server.kv.KvMachine;
import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseException;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.time.ManualTicker;
import dev.cairn.storage.mvcc.CompactedException;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import dev.cairn.storage.mvcc.RangeQuery;
import dev.cairn.storage.mvcc.ReadView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every member applies the same entries to the same state and the same answers. */
class EntryApplierTest {
    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    /** One member's apply side over its own store, with its own clock. */
    static final class Member implements AutoCloseable {
        final MvccStore store;
        final ManualTicker ticker = new ManualTicker();
        final LeaseMachine leases;
        final Waiters waiters = new Waiters(new ManualTimeouts(), Waiters.DEFAULT_TIMEOUT);
        final EntryApplier applier;

        Member(Path dir) {
            store = MvccStores.open(dir);
            leases = LeaseMachine.recover(store, LeaseConfig.defaults(), ticker);
            applier = new EntryApplier(store, new KvMachine(leases::exists), leases, waiters);
        }

        /** The outcome of each entry: its response, or the class of the domain exception. */
        List<Object> applyAll(List<ReplicatedRequest> entries) {
            List<CompletableFuture<Object>> outcomes = new ArrayList<>();
            long index = applier.appliedIndex();
            for (ReplicatedRequest r : entries) {
                outcomes.add(applier.apply(++index, r).handle((a, e) -> a != null ? a.response() : unwrap(e)));
            }
            return outcomes.stream().map(CompletableFuture::join).toList();
        }

        /** Every version of every key, and the lease records. */
        String state() {
            try (ReadView view = store.read()) {
                return view.currentRevision() + " "
                        + view.range(RangeQuery.of(bs("\0"), bs("\0"))).kvs() + " " + view.leases();
            }
        }

        @Override
        public void close() {
            store.close();
        }
    }

    static Object unwrap(Throwable e) {
        return (e instanceof CompletionException && e.getCause() != null ? e.getCause() : e).getClass();
    }

    static ByteString bs(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    static ReplicatedRequest put(long id, String key, long lease) {
        return ReplicatedRequest.newBuilder()
                .setId(id)
                .setPut(PutRequest.newBuilder()
                        .setKey(bs(key))
                        .setValue(bs("v" + id))
                        .setLease(lease))
                .build();
    }

    static ReplicatedRequest grant(long id, long lease, long ttl) {
        return ReplicatedRequest.newBuilder()
                .setId(id)
                .setLeaseGrant(LeaseGrantRequest.newBuilder().setID(lease).setTTL(ttl))
                .build();
    }

    static ReplicatedRequest revoke(long id, long lease) {
        return ReplicatedRequest.newBuilder()
                .setId(id)
                .setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(lease))
                .build();
    }

    static ReplicatedRequest compact(long id, long revision) {
        return ReplicatedRequest.newBuilder()
                .setId(id)
                .setCompaction(CompactionRequest.newBuilder().setRevision(revision))
                .build();
    }

    static final List<ReplicatedRequest> LOG = List.of(
            grant(1, 100, 10),
            put(2, "a", 100),
            put(3, "b", 999),
            ReplicatedRequest.newBuilder()
                    .setId(4)
                    .setTxn(TxnRequest.newBuilder()
                            .addCompare(Compare.newBuilder()
                                    .setKey(bs("a"))
                                    .setTarget(Compare.CompareTarget.VERSION)
                                    .setResult(Compare.CompareResult.EQUAL)
                                    .setVersion(1))
                            .addSuccess(RequestOp.newBuilder()
                                    .setRequestPut(PutRequest.newBuilder()
                                            .setKey(bs("c"))
                                            .setValue(bs("t")))))
                    .build(),
            grant(5, 100, 5),
            ReplicatedRequest.newBuilder()
                    .setId(6)
                    .setLeaseCheckpoint(LeaseCheckpointRequest.newBuilder()
                            .addCheckpoints(
                                    LeaseCheckpoint.newBuilder().setID(100).setRemainingTTL(7)))
                    .build(),
            put(7, "b", 0),
            ReplicatedRequest.newBuilder()
                    .setId(8)
                    .setDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs("b")))
                    .build(),
            compact(9, 2),
            ReplicatedRequest.newBuilder().setId(10).build(),
            revoke(11, 100),
            revoke(12, 100),
            compact(13, 1));

    @Test
    void twoMembersWithDifferentClocksBuildTheSameStateAndAnswers() {
        try (Member a = new Member(dirA);
                Member b = new Member(dirB)) {
            b.ticker.advance(Duration.ofHours(3));
            List<Object> fromA = a.applyAll(LOG);
            List<Object> fromB = b.applyAll(LOG);

            assertThat(fromA).isEqualTo(fromB);
            assertThat(fromA.get(2)).isEqualTo(KvException.LeaseNotFound.class);
            assertThat(fromA.get(4)).isEqualTo(LeaseException.AlreadyExists.class);
            assertThat(fromA.get(11)).isEqualTo(LeaseException.NotFound.class);
            assertThat(fromA.get(12)).isEqualTo(CompactedException.class);
            assertThat(a.state()).isEqualTo(b.state());
            assertThat(a.applier.appliedIndex()).isEqualTo(LOG.size());
            assertThat(a.leases.exists(100)).isFalse();
        }
    }

    @Test
    void onlyTheProposingMembersWaiterIsCompleted() {
        try (Member a = new Member(dirA);
                Member b = new Member(dirB)) {
            CompletableFuture<Applied> waiting = a.waiters.register(42);
            a.applyAll(List.of(put(42, "k", 0)));
            b.applyAll(List.of(put(42, "k", 0)));
            Applied applied = waiting.join();
            assertThat(applied.index()).isEqualTo(1);
            assertThat(applied.response(PutResponse.class).getHeader().getRevision())
                    .isEqualTo(2);
            assertThat(b.waiters.size()).isZero();
        }
    }

    @Test
    void aFailedRequestFailsItsWaiterAndStillCountsAsApplied() {
        try (Member a = new Member(dirA)) {
            CompletableFuture<Applied> waiting = a.waiters.register(3);
            a.applyAll(List.of(put(3, "k", 12345)));
            assertThatThrownBy(waiting::join).hasCauseInstanceOf(KvException.LeaseNotFound.class);
            assertThat(a.applier.appliedIndex()).isEqualTo(1);
        }
    }

    @Test
    void emptyEntriesOnlyMoveTheAppliedIndexAndIndexesMustIncrease() {
        try (Member a = new Member(dirA)) {
            a.applier.apply(1, ByteString.EMPTY).join();
            a.applier.apply(3, put(0, "k", 0).toByteString()).join();
            assertThat(a.applier.appliedIndex()).isEqualTo(3);
            assertThatThrownBy(() -> a.applier.apply(3, ByteString.EMPTY)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.applier.apply(4, bs("\u00ff not a request")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
