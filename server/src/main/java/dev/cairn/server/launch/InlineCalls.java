package dev.cairn.server.launch;

import dev.cairn.proto.etcdserverpb.KVGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Runs the KV calls (Range, Put, DeleteRange, Txn) on the Netty event loop that read them instead
 * of handing each to grpc-java's default executor, and their answers then go out without waking
 * the loop again: the write handlers only validate the request and queue a raft proposal, and the
 * Range and Txn handlers read small ranges right there and hand the possibly large ones to a pool
 * of their own ({@code KvService}). The two thread
 * hand-offs saved per call cost more than that work. Every other call keeps the default executor.
 * Stateless; called by grpc-java on the event loop thread.
 */
final class InlineCalls implements ServerCallExecutorSupplier {
    private static final Set<String> INLINE = Set.of(
            KVGrpc.getRangeMethod().getFullMethodName(),
            KVGrpc.getPutMethod().getFullMethodName(),
            KVGrpc.getDeleteRangeMethod().getFullMethodName(),
            KVGrpc.getTxnMethod().getFullMethodName());

    @Override
    public <ReqT, RespT> @Nullable Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        return INLINE.contains(call.getMethodDescriptor().getFullMethodName()) ? Runnable::run : null;
    }
}
