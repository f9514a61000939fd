package dev.cairn.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import org.junit.jupiter.api.Test;

/** Which Range reads stay on the event loop and which go to the scan pool. */
class ScanPoolTest {
    private static RangeRequest.Builder range(String key, String end) {
        return RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setRangeEnd(ByteString.copyFromUtf8(end));
    }

    @Test
    void oneKeyAndLimitedRangesAreSmall() {
        assertThat(ScanPool.isSmall(range("a", "").build())).isTrue();
        assertThat(ScanPool.isSmall(range("a", "").setCountOnly(true).build())).isTrue();
        assertThat(ScanPool.isSmall(range("a", "b").setLimit(1).build())).isTrue();
        assertThat(ScanPool.isSmall(
                        range("a", "b").setLimit(ScanPool.SMALL_LIMIT).build()))
                .isTrue();
    }

    @Test
    void unlimitedLargeLimitAndCountingRangesGoToThePool() {
        assertThat(ScanPool.isSmall(range("a", "b").build())).isFalse();
        assertThat(ScanPool.isSmall(range("\0", "\0").build())).isFalse();
        assertThat(ScanPool.isSmall(
                        range("a", "b").setLimit(ScanPool.SMALL_LIMIT + 1).build()))
                .isFalse();
        assertThat(ScanPool.isSmall(
                        range("a", "b").setLimit(10).setCountOnly(true).build()))
                .isFalse();
    }

    @Test
    void aTxnIsSmallWhenEveryRangeInItIsEvenNested() {
        RequestOp put = RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")))
                .build();
        RequestOp oneKey =
                RequestOp.newBuilder().setRequestRange(range("a", "")).build();
        RequestOp scan = RequestOp.newBuilder().setRequestRange(range("a", "z")).build();
        assertThat(ScanPool.isSmall(TxnRequest.newBuilder()
                        .addSuccess(put)
                        .addFailure(oneKey)
                        .build()))
                .isTrue();
        assertThat(ScanPool.isSmall(TxnRequest.newBuilder().addFailure(scan).build()))
                .isFalse();
        RequestOp nested = RequestOp.newBuilder()
                .setRequestTxn(TxnRequest.newBuilder().addSuccess(scan))
                .build();
        assertThat(ScanPool.isSmall(TxnRequest.newBuilder()
                        .addSuccess(put)
                        .addSuccess(nested)
                        .build()))
                .isFalse();
    }
}
