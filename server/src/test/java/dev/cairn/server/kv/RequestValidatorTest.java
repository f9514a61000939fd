package dev.cairn.server.kv;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import java.util.Collections;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Txn width budgets (max 4 here) and the order of etcd's request checks. */
class RequestValidatorTest {
    static final ByteString K = ByteString.copyFromUtf8("k");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checksTxnsAsEtcdDoes(String name, TxnRequest txn, @Nullable Class<? extends KvException> expected) {
        if (expected == null) {
            assertThatCode(() -> RequestValidator.checkTxn(txn, 4)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> RequestValidator.checkTxn(txn, 4)).isInstanceOf(expected);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("empty txn", TxnRequest.getDefaultInstance(), null),
                c("four of each", txn(4, 4, 4, null), null),
                c("five compares", txn(5, 0, 0, null), KvException.TooManyOps.class),
                c("five failures", txn(0, 0, 5, null), KvException.TooManyOps.class),
                c("nested fits the leftover", txn(0, 1, 0, txn(0, 2, 2, null)), null),
                c("nested over the leftover", txn(0, 1, 0, txn(0, 3, 0, null)), KvException.TooManyOps.class),
                c("leftover counts the widest list", txn(3, 1, 0, txn(0, 2, 0, null)), KvException.TooManyOps.class),
                c("empty nested txn at zero budget", txn(4, 0, 1, TxnRequest.getDefaultInstance()), null),
                c(
                        "width checked before keys",
                        txn(5, 0, 0, null).toBuilder()
                                .setCompare(0, Compare.getDefaultInstance())
                                .build(),
                        KvException.TooManyOps.class),
                c(
                        "empty compare key",
                        TxnRequest.newBuilder()
                                .addCompare(Compare.getDefaultInstance())
                                .build(),
                        KvException.KeyNotProvided.class),
                c(
                        "empty op",
                        TxnRequest.newBuilder()
                                .addFailure(RequestOp.getDefaultInstance())
                                .build(),
                        KvException.KeyNotFound.class),
                c(
                        "bad sort in a nested range",
                        txn(
                                0,
                                1,
                                0,
                                TxnRequest.newBuilder()
                                        .addSuccess(RequestOp.newBuilder()
                                                .setRequestRange(RangeRequest.newBuilder()
                                                        .setKey(K)
                                                        .setSortTargetValue(77)))
                                        .build()),
                        KvException.InvalidSortOption.class),
                c(
                        "ignore_lease with lease in failure",
                        TxnRequest.newBuilder()
                                .addFailure(RequestOp.newBuilder()
                                        .setRequestPut(PutRequest.newBuilder()
                                                .setKey(K)
                                                .setIgnoreLease(true)
                                                .setLease(1)))
                                .build(),
                        KvException.LeaseProvided.class));
    }

    /** A txn with the given numbers of compares, success Ranges and failure Ranges, plus an optional nested txn in success. */
    private static TxnRequest txn(int compares, int success, int failure, @Nullable TxnRequest nested) {
        Compare compare = Compare.newBuilder().setKey(K).build();
        RequestOp range = RequestOp.newBuilder()
                .setRequestRange(RangeRequest.newBuilder().setKey(K))
                .build();
        TxnRequest.Builder b = TxnRequest.newBuilder()
                .addAllCompare(Collections.nCopies(compares, compare))
                .addAllSuccess(Collections.nCopies(success, range))
                .addAllFailure(Collections.nCopies(failure, range));
        if (nested != null) {
            b.addSuccess(RequestOp.newBuilder().setRequestTxn(nested));
        }
        return b.build();
    }

    private static Arguments c(String name, TxnRequest txn, @Nullable Class<? extends KvException> expected) {
        return Arguments.of(name, txn, expected);
    }
}
