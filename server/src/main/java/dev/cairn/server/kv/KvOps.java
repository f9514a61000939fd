package dev.cairn.server.kv;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.storage.mvcc.RangeQuery;
import dev.cairn.storage.mvcc.RangeResult;
import dev.cairn.storage.mvcc.ReadView;
import dev.cairn.storage.mvcc.WriteTxn;
import java.util.List;
import java.util.Optional;

/**
 * The three single-key-range operations, shared by the plain RPCs and Txn ops. Each response
 * carries a header with only {@code revision} set: the revision the request sees right after the
 * operation. Stateless; runs on the thread that owns the {@link TxnState}.
 */
final class KvOps {
    private KvOps() {}

    static RangeResponse range(TxnState state, RangeRequest r) {
        RangeResult result = state.view().range(query(r));
        return RangeResponse.newBuilder()
                .setHeader(header(state.revision()))
                .addAllKvs(result.kvs())
                .setMore(result.more())
                .setCount(result.count())
                .build();
    }

    /** Puts a key; the caller has checked the lease. */
    static PutResponse put(TxnState state, PutRequest p) {
        WriteTxn txn = state.writer();
        ByteString value = p.getValue();
        long lease = p.getLease();
        if (p.getIgnoreValue() || p.getIgnoreLease()) {
            KeyValue current = txn.get(p.getKey()).orElseThrow(KvException.KeyNotFound::new);
            value = p.getIgnoreValue() ? current.getValue() : value;
            lease = p.getIgnoreLease() ? current.getLease() : lease;
        }
        Optional<KeyValue> previous = txn.put(p.getKey(), value, lease);
        state.markChanged();
        PutResponse.Builder response = PutResponse.newBuilder().setHeader(header(state.revision()));
        if (p.getPrevKv()) {
            previous.ifPresent(response::setPrevKv);
        }
        return response.build();
    }

    static DeleteRangeResponse deleteRange(TxnState state, DeleteRangeRequest d) {
        List<KeyValue> deleted = state.writer().deleteRange(d.getKey(), d.getRangeEnd());
        if (!deleted.isEmpty()) {
            state.markChanged();
        }
        DeleteRangeResponse.Builder response = DeleteRangeResponse.newBuilder()
                .setHeader(header(state.revision()))
                .setDeleted(deleted.size());
        if (d.getPrevKv()) {
            response.addAllPrevKvs(deleted);
        }
        return response.build();
    }

    /** The latest live value of one key in {@code view}. */
    static Optional<KeyValue> latest(ReadView view, ByteString key) {
        List<KeyValue> kvs = view.range(RangeQuery.of(key, ByteString.EMPTY)).kvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
    }

    static ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }

    /** The store query for a validated RangeRequest. */
    static RangeQuery query(RangeRequest r) {
        return new RangeQuery(
                r.getKey(),
                r.getRangeEnd(),
                r.getRevision(),
                r.getLimit(),
                sortOrder(r.getSortOrder()),
                sortTarget(r.getSortTarget()),
                r.getKeysOnly(),
                r.getCountOnly(),
                r.getMinModRevision(),
                r.getMaxModRevision(),
                r.getMinCreateRevision(),
                r.getMaxCreateRevision());
    }

    private static RangeQuery.SortOrder sortOrder(RangeRequest.SortOrder order) {
        return switch (order) {
            case NONE -> RangeQuery.SortOrder.NONE;
            case ASCEND -> RangeQuery.SortOrder.ASCEND;
            case DESCEND -> RangeQuery.SortOrder.DESCEND;
            case UNRECOGNIZED -> throw new KvException.InvalidSortOption();
        };
    }

    private static RangeQuery.SortTarget sortTarget(RangeRequest.SortTarget target) {
        return switch (target) {
            case KEY -> RangeQuery.SortTarget.KEY;
            case VERSION -> RangeQuery.SortTarget.VERSION;
            case CREATE -> RangeQuery.SortTarget.CREATE;
            case MOD -> RangeQuery.SortTarget.MOD;
            case VALUE -> RangeQuery.SortTarget.VALUE;
            case UNRECOGNIZED -> throw new KvException.InvalidSortOption();
        };
    }
}
