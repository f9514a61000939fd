package dev.cairn.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A real store in a temporary directory behind the services of {@link RpcServices}, served
 * in-process with direct executors on both sides.
 */
final class KvFixture implements AutoCloseable {
    static final long CLUSTER_ID = 0x1122_3344_5566_7788L;
    static final long MEMBER_ID = 0x0102_0304_0506_0708L;

    final MvccStore store;
    final Server server;
    final ManagedChannel channel;
    final KVGrpc.KVBlockingStub kv;

    KvFixture(Path dir) {
        this(dir, 128, 1_572_864L);
    }

    KvFixture(Path dir, int maxTxnOps, long maxRequestBytes) {
        store = MvccStores.open(dir);
        String name = InProcessServerBuilder.generateName();
        RpcContext context = RpcContext.local(store, CLUSTER_ID, MEMBER_ID, maxTxnOps, maxRequestBytes);
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        RpcServices.bind(context).forEach(builder::addService);
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        kv = KVGrpc.newBlockingStub(channel);
    }

    PutResponse put(String key, String value) {
        return kv.put(Ops.putReq(key, value));
    }

    RangeResponse get(String key) {
        return kv.range(Ops.getReq(key));
    }

    long revision() {
        return get("any").getHeader().getRevision();
    }

    static void assertHeader(ResponseHeader header, long revision) {
        assertThat(header)
                .isEqualTo(ResponseHeader.newBuilder()
                        .setClusterId(CLUSTER_ID)
                        .setMemberId(MEMBER_ID)
                        .setRaftTerm(1)
                        .setRevision(revision)
                        .build());
    }

    static void assertStatus(ThrowingCallable call, Status.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        store.close();
    }
}
