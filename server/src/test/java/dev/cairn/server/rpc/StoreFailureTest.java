package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.Ops.getReq;
import static dev.cairn.server.rpc.Ops.put;
import static dev.cairn.server.rpc.Ops.putReq;
import static dev.cairn.server.rpc.Ops.then;
import static dev.cairn.server.rpc.Ops.when;

import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import dev.cairn.storage.mvcc.CommitListener;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import dev.cairn.storage.mvcc.StorageException;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failing store never crashes or hangs a call: every RPC ends with UNKNOWN and the failure's text. */
class StoreFailureTest {
    Server server;
    ManagedChannel channel;
    KVGrpc.KVBlockingStub kv;

    @BeforeEach
    void start() throws IOException {
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        RpcServices.bind(RpcContext.local(new BrokenStore(), 1, 2, 128, 1_572_864L))
                .forEach(builder::addService);
        server = builder.build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        kv = KVGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void readFailuresAreUnknown() {
        KvFixture.assertStatus(() -> kv.range(getReq("a")), Status.Code.UNKNOWN, "cannot read");
        KvFixture.assertStatus(() -> kv.txn(when().build()), Status.Code.UNKNOWN, "cannot read");
        KvFixture.assertStatus(
                () -> MaintenanceGrpc.newBlockingStub(channel).status(StatusRequest.getDefaultInstance()),
                Status.Code.UNKNOWN,
                "cannot read");
    }

    @Test
    void writeFailuresAreUnknown() {
        KvFixture.assertStatus(() -> kv.put(putReq("a", "1")), Status.Code.UNKNOWN, "disk gone");
        KvFixture.assertStatus(() -> kv.txn(then(when(), put("a", "1")).build()), Status.Code.UNKNOWN, "disk gone");
        KvFixture.assertStatus(
                () -> kv.deleteRange(Ops.delReq("a")), Status.Code.UNKNOWN, "writer thrown synchronously");
    }

    @Test
    void compactionFailuresAreUnknown() {
        KvFixture.assertStatus(
                () -> kv.compact(CompactionRequest.newBuilder().setRevision(1).build()),
                Status.Code.UNKNOWN,
                "compactor gone");
    }

    /** Reads throw; writes fail their future (or throw, for deletes); compaction fails. */
    private static final class BrokenStore implements MvccStore {
        private int writes;

        @Override
        public ReadView read() {
            throw new IllegalStateException("cannot read");
        }

        @Override
        public <T> CompletableFuture<T> write(WriteBody<T> body) {
            writes++;
            if (writes == 3) {
                throw new IllegalStateException("writer thrown synchronously");
            }
            return CompletableFuture.failedFuture(new StorageException("disk gone", new IOException("EIO")));
        }

        @Override
        public <T> CompletableFuture<T> write(long appliedIndex, WriteBody<T> body) {
            return write(body);
        }

        @Override
        public long appliedIndex() {
            return 0;
        }

        @Override
        public CompletableFuture<Compaction> compact(long revision) {
            return CompletableFuture.failedFuture(new IllegalStateException("compactor gone"));
        }

        @Override
        public CompletableFuture<Compaction> compact(long revision, long appliedIndex) {
            return compact(revision);
        }

        @Override
        public SnapshotExport openSnapshotExport() {
            throw new IllegalStateException("cannot export");
        }

        @Override
        public void sync() {
            throw new StorageException("broken");
        }

        @Override
        public long dbSizeBytes() {
            return 0;
        }

        @Override
        public long dbSizeInUseBytes() {
            return 0;
        }

        @Override
        public void close() {}

        @Override
        public void addCommitListener(CommitListener listener) {}
    }
}
