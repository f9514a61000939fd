package dev.cairn.conformance;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/**
 * One KV RPC of a generated sequence, with its request. Thread-safe (immutable).
 */
sealed interface KvOp {
    Message request();

    record Range(RangeRequest request) implements KvOp {}

    record Put(PutRequest request) implements KvOp {}

    record Delete(DeleteRangeRequest request) implements KvOp {}

    record Txn(TxnRequest request) implements KvOp {}

    record Compact(CompactionRequest request) implements KvOp {}

    /** What a server answered: a response message or a gRPC error. */
    sealed interface Outcome {
        record Ok(Message response) implements Outcome {
            @Override
            public String toString() {
                return response.getClass().getSimpleName() + " { "
                        + TextFormat.printer().emittingSingleLine(true).printToString(response) + " }";
            }
        }

        record Failed(io.grpc.Status.Code code, String description) implements Outcome {
            @Override
            public String toString() {
                return "ERROR " + code + ": " + description;
            }
        }
    }

    /** Sends the op with a blocking stub; a gRPC error becomes {@link Outcome.Failed}. */
    default Outcome execute(ManagedChannel channel) {
        KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        try {
            Message response = switch (this) {
                case Range r -> kv.range(r.request());
                case Put p -> kv.put(p.request());
                case Delete d -> kv.deleteRange(d.request());
                case Txn t -> kv.txn(t.request());
                case Compact c -> kv.compact(c.request());
            };
            return new Outcome.Ok(response);
        } catch (StatusRuntimeException e) {
            String description = e.getStatus().getDescription();
            return new Outcome.Failed(e.getStatus().getCode(), description == null ? "" : description);
        }
    }

    /** A one-line rendering for failure messages. */
    default String describe() {
        return getClass().getSimpleName() + " { "
                + TextFormat.printer().emittingSingleLine(true).printToString(request()) + " }";
    }
}
