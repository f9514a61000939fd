package dev.cairn.server.kv;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** etcd's duplicate-key rule, case by case. */
class TxnDuplicateCheckTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesEtcdsRule(String name, TxnRequest txn, boolean duplicate) {
        if (duplicate) {
            assertThatThrownBy(() -> TxnDuplicateCheck.check(txn)).isInstanceOf(KvException.DuplicateKey.class);
        } else {
            assertThatCode(() -> TxnDuplicateCheck.check(txn)).doesNotThrowAnyException();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("distinct puts", success(put("a"), put("b")), false),
                c("same put twice", success(put("a"), put("a")), true),
                c("same put twice in failure", failure(put("a"), get("x"), put("a")), true),
                c("same key in success and failure", txn(List.of(put("a")), List.of(put("a"))), false),
                c("put then delete of the key", success(put("a"), del("a", "")), true),
                c("delete then put of the key", success(del("a", ""), put("a")), true),
                c("put inside a delete range", success(del("a", "c"), put("b")), true),
                c("put at the range start", success(del("b", "c"), put("b")), true),
                c("put at the exclusive range end", success(del("a", "c"), put("c")), false),
                c("put just past a single-key delete", success(del("a", ""), put("a\0")), false),
                c("overlapping deletes", success(del("a", "c"), del("b", "d"), del("b", "")), false),
                c("range and put of the same key", success(get("a"), put("a")), false),
                // etcd compares interval ends as plain bytes: these deletes cover nothing.
                c("from-key delete (etcd quirk)", success(del("a", "\0"), put("b")), false),
                c("from-key delete at the put key (etcd quirk)", success(del("a", "\0"), put("a")), false),
                c("all-keys delete (etcd quirk)", success(del("\0", "\0"), put("a")), false),
                c("inverted delete range", success(del("c", "a"), put("b")), false),
                // nesting
                c("nested put under outer put", success(put("a"), nested(List.of(put("a")), List.of())), true),
                c("nested failure put under outer put", success(put("a"), nested(List.of(), List.of(put("a")))), true),
                c("nested put under outer delete", success(del("a", "z"), nested(List.of(put("m")), List.of())), true),
                c("outer put under nested delete", success(put("m"), nested(List.of(), List.of(del("a", "z")))), true),
                c(
                        "same key in nested success and failure",
                        success(nested(List.of(put("a")), List.of(put("a")))),
                        false),
                c(
                        "nested success and failure each also putting another key",
                        success(nested(List.of(put("a"), put("b")), List.of(put("b"), put("a")))),
                        false),
                c(
                        "two nested txns putting the same key",
                        success(nested(List.of(put("a")), List.of()), nested(List.of(put("a")), List.of())),
                        true),
                c(
                        "later nested put under an earlier nested delete",
                        success(nested(List.of(del("a", "z")), List.of()), nested(List.of(put("m")), List.of())),
                        true),
                // etcd folds nested txns in order: an earlier nested put is not checked against a later nested delete.
                c(
                        "earlier nested put, later nested delete (etcd quirk)",
                        success(nested(List.of(put("m")), List.of()), nested(List.of(del("a", "z")), List.of())),
                        false),
                c(
                        "nested failure put that an earlier nested success also put",
                        success(nested(List.of(put("a")), List.of()), nested(List.of(), List.of(put("a")))),
                        true),
                c(
                        "deeply nested duplicate",
                        success(nested(List.of(nested(List.of(put("a"), put("a")), List.of())), List.of())),
                        true),
                c("branches are checked on their own", txn(List.of(del("a", "z")), List.of(put("m"))), false));
    }

    private static Arguments c(String name, TxnRequest txn, boolean duplicate) {
        return Arguments.of(name, txn, duplicate);
    }

    private static TxnRequest success(RequestOp... ops) {
        return txn(List.of(ops), List.of());
    }

    private static TxnRequest failure(RequestOp... ops) {
        return txn(List.of(), List.of(ops));
    }

    private static TxnRequest txn(List<RequestOp> success, List<RequestOp> failure) {
        return TxnRequest.newBuilder()
                .addAllSuccess(success)
                .addAllFailure(failure)
                .build();
    }

    private static RequestOp nested(List<RequestOp> success, List<RequestOp> failure) {
        return RequestOp.newBuilder().setRequestTxn(txn(success, failure)).build();
    }

    private static RequestOp put(String key) {
        return RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(bs(key)))
                .build();
    }

    private static RequestOp get(String key) {
        return RequestOp.newBuilder()
                .setRequestRange(RangeRequest.newBuilder().setKey(bs(key)))
                .build();
    }

    private static RequestOp del(String key, String end) {
        return RequestOp.newBuilder()
                .setRequestDeleteRange(
                        DeleteRangeRequest.newBuilder().setKey(bs(key)).setRangeEnd(bs(end)))
                .build();
    }

    private static ByteString bs(String s) {
        return ByteString.copyFrom(s, StandardCharsets.ISO_8859_1);
    }
}
