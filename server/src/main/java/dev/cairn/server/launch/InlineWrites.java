package dev.cairn.server.launch;

import dev.cairn.proto.etcdserverpb.KVGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Runs the KV write calls (Put, DeleteRange, Txn) on the Netty event loop that read them instead
 * of handing each to grpc-java's default executor: their handlers only validate the request and
 * queue a raft proposal (or, for a read-only Txn, read the store without waiting), so the hand-off
 * to another thread would cost more than the work. Every other call keeps the default executor.
 * Stateless; called by grpc-java on the event loop thread.
 */
final class InlineWrites implements ServerCallExecutorSupplier {
    private static final Set<String> INLINE = Set.of(
            KVGrpc.getPutMethod().getFullMethodName(),
            KVGrpc.getDeleteRangeMethod().getFullMethodName(),
            KVGrpc.getTxnMethod().getFullMethodName());

    @Override
    public <ReqT, RespT> @Nullable Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        return INLINE.contains(call.getMethodDescriptor().getFullMethodName()) ? Runnable::run : null;
    }
}
