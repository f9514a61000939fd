package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.KvFixture.assertHeader;
import static dev.cairn.server.rpc.Ops.bs;
import static dev.cairn.server.rpc.Ops.cmp;
import static dev.cairn.server.rpc.Ops.del;
import static dev.cairn.server.rpc.Ops.get;
import static dev.cairn.server.rpc.Ops.getReq;
import static dev.cairn.server.rpc.Ops.otherwise;
import static dev.cairn.server.rpc.Ops.put;
import static dev.cairn.server.rpc.Ops.putReq;
import static dev.cairn.server.rpc.Ops.range;
import static dev.cairn.server.rpc.Ops.str;
import static dev.cairn.server.rpc.Ops.then;
import static dev.cairn.server.rpc.Ops.txn;
import static dev.cairn.server.rpc.Ops.versionIs;
import static dev.cairn.server.rpc.Ops.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.Compare.CompareResult;
import dev.cairn.proto.etcdserverpb.Compare.CompareTarget;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.ResponseOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.proto.mvccpb.KeyValue;
import io.grpc.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Txn semantics over in-process gRPC: branches, revisions, headers, nesting, read-your-writes. */
class TxnTest {
    @TempDir
    Path dir;

    KvFixture f;

    @BeforeEach
    void start() {
        f = new KvFixture(dir, 4, 1_572_864L);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void emptyTxnSucceedsAtTheCurrentRevision() {
        f.put("a", "1");
        TxnResponse r = f.kv.txn(TxnRequest.getDefaultInstance());
        assertThat(r.getSucceeded()).isTrue();
        assertThat(r.getResponsesList()).isEmpty();
        assertHeader(r.getHeader(), 2);
    }

    @Test
    void successBranchRunsWhenEveryCompareHolds() {
        f.put("a", "1");
        TxnResponse r = f.kv.txn(otherwise(then(when(versionIs("a", 1)), put("b", "x")), put("c", "y"))
                .build());
        assertThat(r.getSucceeded()).isTrue();
        assertThat(r.getResponsesList())
                .singleElement()
                .satisfies(op -> assertThat(op.hasResponsePut()).isTrue());
        assertThat(f.get("b").getKvsCount()).isEqualTo(1);
        assertThat(f.get("c").getKvsCount()).isZero();
    }

    @Test
    void failureBranchRunsWhenAnyCompareFails() {
        f.put("a", "1");
        TxnResponse r = f.kv.txn(otherwise(then(when(versionIs("a", 1), versionIs("a", 2)), put("b", "x")), get("a"))
                .build());
        assertThat(r.getSucceeded()).isFalse();
        assertThat(r.getResponses(0).getResponseRange().getKvsList())
                .extracting(kv -> str(kv.getValue()))
                .containsExactly("1");
        assertHeader(r.getHeader(), 2);
        assertThat(f.get("b").getKvsCount()).isZero();
    }

    @Test
    void allChangesShareOneRevisionAndSubResponsesCarryOnlyTheirRevision() {
        f.put("a", "1");
        f.put("c", "1");
        TxnResponse r = f.kv.txn(
                then(when(), get("a"), put("a", "2"), put("b", "3"), del("c")).build());
        assertHeader(r.getHeader(), 4);
        assertThat(r.getResponses(0).getResponseRange().getHeader()).isEqualTo(rev(3));
        assertThat(r.getResponses(1).getResponsePut().getHeader()).isEqualTo(rev(4));
        assertThat(r.getResponses(2).getResponsePut().getHeader()).isEqualTo(rev(4));
        assertThat(r.getResponses(3).getResponseDeleteRange().getHeader()).isEqualTo(rev(4));
        assertThat(f.get("a").getKvs(0).getModRevision()).isEqualTo(4);
        assertThat(f.get("b").getKvs(0).getModRevision()).isEqualTo(4);
        assertThat(f.revision()).isEqualTo(4);
    }

    @Test
    void readsInsideAWriteTxnSeeEarlierWrites() {
        f.put("a", "1");
        f.put("b", "1");
        TxnResponse r = f.kv.txn(
                then(when(), put("a", "2"), get("a"), del("b"), get("b")).build());
        ResponseOp afterPut = r.getResponses(1);
        assertThat(afterPut.getResponseRange().getHeader()).isEqualTo(rev(4));
        assertThat(afterPut.getResponseRange().getKvsList())
                .containsExactly(KeyValue.newBuilder()
                        .setKey(bs("a"))
                        .setValue(bs("2"))
                        .setCreateRevision(2)
                        .setModRevision(4)
                        .setVersion(2)
                        .build());
        assertThat(r.getResponses(3).getResponseRange().getKvsList()).isEmpty();
    }

    @Test
    void rangeAtAnExplicitRevisionInsideAWriteTxnReadsThatRevision() {
        f.put("a", "1");
        TxnResponse r = f.kv.txn(then(
                        when(),
                        put("a", "2"),
                        Ops.range(Ops.getReq("a").toBuilder().setRevision(2).build()))
                .build());
        assertThat(r.getResponses(1).getResponseRange().getKvsList())
                .extracting(kv -> str(kv.getValue()))
                .containsExactly("1");
        assertThat(r.getResponses(1).getResponseRange().getHeader()).isEqualTo(rev(3));
    }

    @Test
    void putPrevKvAndIgnoreValueInsideATxnSeeEarlierWrites() {
        f.put("a", "1");
        PutRequest keep = PutRequest.newBuilder()
                .setKey(bs("b"))
                .setIgnoreValue(true)
                .setPrevKv(true)
                .build();
        f.put("b", "old");
        TxnResponse r = f.kv.txn(then(
                        when(), put(putReq("a", "2").toBuilder().setPrevKv(true).build()), put(keep))
                .build());
        assertThat(str(r.getResponses(0).getResponsePut().getPrevKv().getValue()))
                .isEqualTo("1");
        assertThat(str(r.getResponses(1).getResponsePut().getPrevKv().getValue()))
                .isEqualTo("old");
        assertThat(str(f.get("b").getKvs(0).getValue())).isEqualTo("old");
        assertThat(f.get("b").getKvs(0).getVersion()).isEqualTo(2);
    }

    @Test
    void txnThatChangesNothingKeepsTheRevision() {
        f.put("a", "1");
        TxnResponse r = f.kv.txn(then(when(), del("zz"), get("a")).build());
        assertHeader(r.getHeader(), 2);
        assertThat(r.getResponses(0).getResponseDeleteRange().getHeader()).isEqualTo(rev(2));
        assertThat(f.revision()).isEqualTo(2);
    }

    @Test
    void deleteOfNothingAfterAWriteReportsTheNewRevision() {
        TxnResponse r = f.kv.txn(then(when(), put("a", "1"), del("zz")).build());
        assertThat(r.getResponses(1).getResponseDeleteRange().getHeader()).isEqualTo(rev(2));
    }

    @Test
    void readOnlyTxnReportsTheCurrentRevision() {
        f.put("a", "1");
        f.put("b", "2");
        TxnResponse r = f.kv.txn(otherwise(then(when(versionIs("a", 1)), get("a")), get("b"))
                .build());
        assertHeader(r.getHeader(), 3);
        assertThat(r.getResponses(0).getResponseRange().getHeader()).isEqualTo(rev(3));
    }

    @Test
    void nestedTxnsRunTheirOwnBranchesAndCarryAnEmptyHeader() {
        f.put("a", "1");
        TxnRequest inner = otherwise(then(when(versionIs("a", 1)), put("in", "yes")), put("in", "no"))
                .build();
        TxnRequest other = otherwise(then(when(versionIs("a", 5)), put("x", "yes")), put("x", "no"))
                .build();
        TxnResponse r =
                f.kv.txn(then(when(), txn(inner), txn(other), put("out", "1")).build());
        TxnResponse first = r.getResponses(0).getResponseTxn();
        TxnResponse second = r.getResponses(1).getResponseTxn();
        assertThat(first.getSucceeded()).isTrue();
        assertThat(second.getSucceeded()).isFalse();
        assertThat(first.hasHeader()).isTrue();
        assertThat(first.getHeader()).isEqualTo(ResponseHeader.getDefaultInstance());
        assertThat(first.getResponses(0).getResponsePut().getHeader()).isEqualTo(rev(3));
        assertHeader(r.getHeader(), 3);
        assertThat(str(f.get("in").getKvs(0).getValue())).isEqualTo("yes");
        assertThat(str(f.get("x").getKvs(0).getValue())).isEqualTo("no");
    }

    @Test
    void nestedComparesSeeTheStateBeforeTheTxn() {
        TxnRequest inner = otherwise(then(when(versionIs("a", 0)), put("b", "before")), put("b", "after"))
                .build();
        TxnResponse r = f.kv.txn(then(when(), put("a", "1"), txn(inner)).build());
        assertThat(r.getResponses(1).getResponseTxn().getSucceeded()).isTrue();
        assertThat(str(f.get("b").getKvs(0).getValue())).isEqualTo("before");
    }

    @Test
    void sameKeyInNestedSuccessAndFailureIsAllowed() {
        TxnRequest inner = otherwise(then(when(versionIs("a", 0)), put("k", "s")), put("k", "f"))
                .build();
        TxnResponse r = f.kv.txn(then(when(), txn(inner)).build());
        assertThat(r.getSucceeded()).isTrue();
        assertThat(str(f.get("k").getKvs(0).getValue())).isEqualTo("s");
    }

    @Test
    void sameKeyInBothTopLevelBranchesIsAllowed() {
        TxnResponse r =
                f.kv.txn(otherwise(then(when(), put("k", "s")), put("k", "f")).build());
        assertThat(r.getSucceeded()).isTrue();
    }

    @Test
    void overlappingDeletesAreAllowed() {
        f.put("b", "1");
        TxnResponse r = f.kv.txn(then(when(), del("a", "c"), del("b")).build());
        assertThat(r.getResponses(0).getResponseDeleteRange().getDeleted()).isEqualTo(1);
        assertThat(r.getResponses(1).getResponseDeleteRange().getDeleted()).isZero();
    }

    @Test
    void onlyTheBranchThatRunsIsPrechecked() {
        PutRequest withLease = putReq("x", "1").toBuilder().setLease(42).build();
        TxnResponse r =
                f.kv.txn(otherwise(then(when(), put("a", "1")), put(withLease)).build());
        assertThat(r.getSucceeded()).isTrue();
        KvFixture.assertStatus(
                () -> f.kv.txn(otherwise(then(when(versionIs("a", 7)), put("a", "1")), put(withLease))
                        .build()),
                Status.Code.NOT_FOUND,
                "etcdserver: requested lease not found");
    }

    @Test
    void putChecksComeBeforeRangeChecksWhereverTheyStand() {
        f.put("a", "1");
        f.put("a", "2");
        f.kv.compact(CompactionRequest.newBuilder().setRevision(3).build());
        RequestOp compactedRead = range(getReq("a").toBuilder().setRevision(2).build());
        PutRequest ignoreOnMissing = PutRequest.newBuilder()
                .setKey(bs("missing"))
                .setIgnoreValue(true)
                .build();
        KvFixture.assertStatus(
                () -> f.kv.txn(then(when(), compactedRead, put(ignoreOnMissing)).build()),
                Status.Code.INVALID_ARGUMENT,
                "etcdserver: key not found");
        KvFixture.assertStatus(
                () -> f.kv.txn(then(when(), compactedRead, put("b", "1")).build()),
                Status.Code.OUT_OF_RANGE,
                "etcdserver: mvcc: required revision has been compacted");
    }

    @Test
    void negativeRangeRevisionReadsTheLatestUntilTheFirstCompactionEvenAtZero() {
        f.put("a", "1");
        RequestOp negative = range(getReq("a").toBuilder().setRevision(-1).build());
        TxnResponse r = f.kv.txn(then(when(), negative).build());
        assertThat(r.getResponses(0).getResponseRange().getCount()).isEqualTo(1);
        f.kv.compact(CompactionRequest.newBuilder().setRevision(0).build());
        KvFixture.assertStatus(
                () -> f.kv.txn(then(when(), negative).build()),
                Status.Code.OUT_OF_RANGE,
                "etcdserver: mvcc: required revision has been compacted");
    }

    @Test
    void nestedBudgetIsWhatTheLevelLeftOver() {
        // max 4: a level with 2 ops leaves 2 for a nested txn.
        TxnRequest inner = then(when(), put("x", "1"), put("y", "2")).build();
        TxnResponse r = f.kv.txn(then(when(), txn(inner), get("a")).build());
        assertThat(r.getResponses(0).getResponseTxn().getResponsesCount()).isEqualTo(2);
    }

    @Test
    void fullWidthLevelIsAllowed() {
        TxnResponse r = f.kv.txn(then(
                        when(versionIs("a", 0), versionIs("b", 0)),
                        put("a", "1"),
                        put("b", "2"),
                        put("c", "3"),
                        put("d", "4"))
                .build());
        assertThat(r.getResponsesCount()).isEqualTo(4);
    }

    @Test
    void compareOverARangeMustHoldForEveryKey() {
        f.put("a1", "x");
        f.put("a2", "x");
        f.put("a3", "y");
        assertThat(succeeded(cmp("a1", CompareTarget.VALUE, CompareResult.EQUAL)
                        .setValue(bs("x"))
                        .setRangeEnd(bs("a3"))))
                .isTrue();
        assertThat(succeeded(cmp("a1", CompareTarget.VALUE, CompareResult.EQUAL)
                        .setValue(bs("x"))
                        .setRangeEnd(bs("a4"))))
                .isFalse();
        assertThat(succeeded(cmp("a", CompareTarget.CREATE, CompareResult.GREATER)
                        .setCreateRevision(0)
                        .setRangeEnd(bs("\0"))))
                .isTrue();
    }

    @Test
    void emptyCompareRangeBehavesLikeAMissingKey() {
        f.put("a", "x");
        assertThat(succeeded(cmp("m", CompareTarget.VERSION, CompareResult.EQUAL)
                        .setVersion(0)
                        .setRangeEnd(bs("n"))))
                .isTrue();
        assertThat(succeeded(cmp("m", CompareTarget.VALUE, CompareResult.NOT_EQUAL)
                        .setValue(bs("x"))
                        .setRangeEnd(bs("n"))))
                .isFalse();
    }

    private boolean succeeded(dev.cairn.proto.etcdserverpb.Compare.Builder compare) {
        return f.kv.txn(when(compare.build()).build()).getSucceeded();
    }

    private static ResponseHeader rev(long revision) {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }
}
