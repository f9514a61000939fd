package dev.cairn.conformance;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.cairn.proto.etcdserverpb.CompactionResponse;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.ResponseOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a KV response in a form two conforming servers agree on byte for byte:
 *
 * <ul>
 *   <li>cluster_id, member_id and raft_term are cleared (every cluster has its own);
 *   <li>for a Range sorted by VERSION, CREATE, MOD or VALUE, entries with equal sort values are
 *       put in key order, because etcd's sort is not stable and the order of ties is unspecified;
 *   <li>when such a sorted Range was also cut by {@code limit}, the last group of ties may hold any
 *       of the tied keys, so that group is reduced to its sort values.
 * </ul>
 *
 * A response that is not sorted by the requested target is left alone, so a wrong order still
 * shows up as a difference. Thread-safe (stateless).
 */
final class Canonical {
    private Canonical() {}

    static KvOp.Outcome of(KvOp op, KvOp.Outcome outcome) {
        if (!(outcome instanceof KvOp.Outcome.Ok ok)) {
            return outcome;
        }
        Message r = ok.response();
        Message canonical = switch (op) {
            case KvOp.Range range -> range((RangeRequest) range.request(), (RangeResponse) r);
            case KvOp.Txn txn -> txn((TxnRequest) txn.request(), (TxnResponse) r);
            case KvOp.Put put ->
                ((PutResponse) r)
                        .toBuilder()
                                .setHeader(header(((PutResponse) r).getHeader()))
                                .build();
            case KvOp.Delete delete ->
                ((DeleteRangeResponse) r)
                        .toBuilder()
                                .setHeader(header(((DeleteRangeResponse) r).getHeader()))
                                .build();
            case KvOp.Compact compact ->
                ((CompactionResponse) r)
                        .toBuilder()
                                .setHeader(header(((CompactionResponse) r).getHeader()))
                                .build();
        };
        return new KvOp.Outcome.Ok(canonical);
    }

    static ResponseHeader header(ResponseHeader h) {
        return h.toBuilder().clearClusterId().clearMemberId().clearRaftTerm().build();
    }

    static TxnResponse txn(TxnRequest request, TxnResponse response) {
        TxnResponse.Builder b = response.toBuilder();
        if (response.hasHeader()) {
            b.setHeader(header(response.getHeader()));
        }
        List<RequestOp> ops = response.getSucceeded() ? request.getSuccessList() : request.getFailureList();
        for (int i = 0; i < response.getResponsesCount(); i++) {
            ResponseOp r = response.getResponses(i);
            RequestOp q = i < ops.size() ? ops.get(i) : RequestOp.getDefaultInstance();
            ResponseOp.Builder rb = r.toBuilder();
            switch (r.getResponseCase()) {
                case RESPONSE_RANGE -> rb.setResponseRange(range(q.getRequestRange(), r.getResponseRange()));
                case RESPONSE_TXN -> rb.setResponseTxn(txn(q.getRequestTxn(), r.getResponseTxn()));
                case RESPONSE_PUT -> {
                    if (r.getResponsePut().hasHeader()) {
                        rb.setResponsePut(r.getResponsePut().toBuilder()
                                .setHeader(header(r.getResponsePut().getHeader())));
                    }
                }
                case RESPONSE_DELETE_RANGE -> {
                    if (r.getResponseDeleteRange().hasHeader()) {
                        rb.setResponseDeleteRange(r.getResponseDeleteRange().toBuilder()
                                .setHeader(header(r.getResponseDeleteRange().getHeader())));
                    }
                }
                case RESPONSE_NOT_SET -> {}
            }
            b.setResponses(i, rb);
        }
        return b.build();
    }

    static RangeResponse range(RangeRequest request, RangeResponse response) {
        RangeResponse.Builder b = response.toBuilder();
        if (response.hasHeader()) {
            b.setHeader(header(response.getHeader()));
        }
        int target = request.getSortTargetValue();
        int order = request.getSortOrderValue();
        boolean descending;
        if (target < 1 || target > 4) {
            return b.build(); // by key (unique) or an undefined target: nothing to canonicalise
        } else if (order == 0 || order == 1) {
            descending = false;
        } else if (order == 2) {
            descending = true;
        } else {
            return b.build(); // undefined order: etcd 3.4 leaves key order
        }
        List<KeyValue> kvs = response.getKvsList();
        Comparator<KeyValue> bySortValue = sortValue(target);
        if (descending) {
            bySortValue = bySortValue.reversed();
        }
        for (int i = 1; i < kvs.size(); i++) {
            if (bySortValue.compare(kvs.get(i - 1), kvs.get(i)) > 0) {
                return b.build(); // not sorted: leave it for the comparison to flag
            }
        }
        List<KeyValue> sorted = new ArrayList<>(kvs);
        sorted.sort(bySortValue.thenComparing(KeyValue::getKey, ByteString.unsignedLexicographicalComparator()));
        boolean truncatedAfterSort = order != 0 && request.getLimit() > 0 && sorted.size() == request.getLimit();
        if (truncatedAfterSort && !sorted.isEmpty()) {
            KeyValue last = sorted.get(sorted.size() - 1);
            for (int i = sorted.size() - 1; i >= 0 && bySortValue.compare(sorted.get(i), last) == 0; i--) {
                sorted.set(i, onlySortValue(target, sorted.get(i)));
            }
        }
        return b.clearKvs().addAllKvs(sorted).build();
    }

    private static Comparator<KeyValue> sortValue(int target) {
        return switch (target) {
            case 1 -> Comparator.comparingLong(KeyValue::getVersion);
            case 2 -> Comparator.comparingLong(KeyValue::getCreateRevision);
            case 3 -> Comparator.comparingLong(KeyValue::getModRevision);
            default -> Comparator.comparing(KeyValue::getValue, ByteString.unsignedLexicographicalComparator());
        };
    }

    private static KeyValue onlySortValue(int target, KeyValue kv) {
        KeyValue.Builder b = KeyValue.newBuilder();
        return switch (target) {
            case 1 -> b.setVersion(kv.getVersion()).build();
            case 2 -> b.setCreateRevision(kv.getCreateRevision()).build();
            case 3 -> b.setModRevision(kv.getModRevision()).build();
            default -> b.setValue(kv.getValue()).build();
        };
    }
}
