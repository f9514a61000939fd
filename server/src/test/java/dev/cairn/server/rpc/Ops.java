package dev.cairn.server.rpc;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import java.nio.charset.StandardCharsets;

/** Short builders for KV requests in tests. */
final class Ops {
    private Ops() {}

    static ByteString bs(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    static String str(ByteString b) {
        return b.toStringUtf8();
    }

    static PutRequest putReq(String key, String value) {
        return PutRequest.newBuilder().setKey(bs(key)).setValue(bs(value)).build();
    }

    static RangeRequest getReq(String key) {
        return RangeRequest.newBuilder().setKey(bs(key)).build();
    }

    static RangeRequest rangeReq(String key, String end) {
        return RangeRequest.newBuilder().setKey(bs(key)).setRangeEnd(bs(end)).build();
    }

    static DeleteRangeRequest delReq(String key) {
        return DeleteRangeRequest.newBuilder().setKey(bs(key)).build();
    }

    static DeleteRangeRequest delReq(String key, String end) {
        return DeleteRangeRequest.newBuilder()
                .setKey(bs(key))
                .setRangeEnd(bs(end))
                .build();
    }

    static RequestOp put(String key, String value) {
        return RequestOp.newBuilder().setRequestPut(putReq(key, value)).build();
    }

    static RequestOp put(PutRequest p) {
        return RequestOp.newBuilder().setRequestPut(p).build();
    }

    static RequestOp get(String key) {
        return RequestOp.newBuilder().setRequestRange(getReq(key)).build();
    }

    static RequestOp range(RangeRequest r) {
        return RequestOp.newBuilder().setRequestRange(r).build();
    }

    static RequestOp del(String key) {
        return RequestOp.newBuilder().setRequestDeleteRange(delReq(key)).build();
    }

    static RequestOp del(String key, String end) {
        return RequestOp.newBuilder().setRequestDeleteRange(delReq(key, end)).build();
    }

    static RequestOp txn(TxnRequest t) {
        return RequestOp.newBuilder().setRequestTxn(t).build();
    }

    static Compare.Builder cmp(String key, Compare.CompareTarget target, Compare.CompareResult result) {
        return Compare.newBuilder().setKey(bs(key)).setTarget(target).setResult(result);
    }

    static Compare versionIs(String key, long version) {
        return cmp(key, Compare.CompareTarget.VERSION, Compare.CompareResult.EQUAL)
                .setVersion(version)
                .build();
    }

    static TxnRequest.Builder when(Compare... compares) {
        TxnRequest.Builder b = TxnRequest.newBuilder();
        for (Compare c : compares) {
            b.addCompare(c);
        }
        return b;
    }

    static TxnRequest.Builder then(TxnRequest.Builder b, RequestOp... ops) {
        for (RequestOp op : ops) {
            b.addSuccess(op);
        }
        return b;
    }

    static TxnRequest.Builder otherwise(TxnRequest.Builder b, RequestOp... ops) {
        for (RequestOp op : ops) {
            b.addFailure(op);
        }
        return b;
    }
}
