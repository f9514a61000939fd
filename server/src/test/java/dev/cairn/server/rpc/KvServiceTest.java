package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.KvFixture.assertHeader;
import static dev.cairn.server.rpc.Ops.bs;
import static dev.cairn.server.rpc.Ops.delReq;
import static dev.cairn.server.rpc.Ops.getReq;
import static dev.cairn.server.rpc.Ops.putReq;
import static dev.cairn.server.rpc.Ops.rangeReq;
import static dev.cairn.server.rpc.Ops.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.CompactionResponse;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Range, Put, DeleteRange and Compact over in-process gRPC: results, headers, revisions. */
class KvServiceTest {
    @TempDir
    Path dir;

    KvFixture f;

    @BeforeEach
    void start() {
        f = new KvFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void emptyStoreIsAtRevisionOne() {
        RangeResponse r = f.get("a");
        assertHeader(r.getHeader(), 1);
        assertThat(r.getKvsList()).isEmpty();
        assertThat(r.getCount()).isZero();
        assertThat(r.getMore()).isFalse();
    }

    @Test
    void putCreatesThenUpdatesAKey() {
        PutResponse first = f.put("a", "1");
        assertHeader(first.getHeader(), 2);
        assertThat(first.hasPrevKv()).isFalse();
        f.put("b", "x");
        PutResponse second =
                f.kv.put(putReq("a", "2").toBuilder().setPrevKv(true).build());
        assertHeader(second.getHeader(), 4);
        assertThat(second.getPrevKv()).isEqualTo(kv("a", "1", 2, 2, 1));
        assertThat(f.get("a").getKvsList()).containsExactly(kv("a", "2", 2, 4, 2));
    }

    @Test
    void putWithoutPrevKvFlagReturnsNoPrevKv() {
        f.put("a", "1");
        assertThat(f.put("a", "2").hasPrevKv()).isFalse();
    }

    @Test
    void ignoreValueKeepsTheValueAndBumpsTheVersion() {
        f.put("a", "1");
        PutResponse r = f.kv.put(PutRequest.newBuilder()
                .setKey(bs("a"))
                .setIgnoreValue(true)
                .setPrevKv(true)
                .build());
        assertHeader(r.getHeader(), 3);
        assertThat(r.getPrevKv()).isEqualTo(kv("a", "1", 2, 2, 1));
        assertThat(f.get("a").getKvsList()).containsExactly(kv("a", "1", 2, 3, 2));
    }

    @Test
    void ignoreLeaseKeepsTheLease() {
        f.put("a", "1");
        f.kv.put(putReq("a", "2").toBuilder().setIgnoreLease(true).build());
        assertThat(f.get("a").getKvsList()).containsExactly(kv("a", "2", 2, 3, 2));
    }

    @Test
    void deleteThenRecreateStartsANewGeneration() {
        f.put("a", "1");
        f.put("a", "2");
        DeleteRangeResponse d =
                f.kv.deleteRange(delReq("a").toBuilder().setPrevKv(true).build());
        assertHeader(d.getHeader(), 4);
        assertThat(d.getDeleted()).isEqualTo(1);
        assertThat(d.getPrevKvsList()).containsExactly(kv("a", "2", 2, 3, 2));
        assertThat(f.get("a").getKvsList()).isEmpty();
        f.put("a", "3");
        assertThat(f.get("a").getKvsList()).containsExactly(kv("a", "3", 5, 5, 1));
    }

    @Test
    void deleteOfNothingKeepsTheRevision() {
        f.put("a", "1");
        DeleteRangeResponse d = f.kv.deleteRange(delReq("zzz"));
        assertHeader(d.getHeader(), 2);
        assertThat(d.getDeleted()).isZero();
        assertThat(d.getPrevKvsList()).isEmpty();
        assertThat(f.revision()).isEqualTo(2);
    }

    @Test
    void deleteRangeRemovesEveryKeyAtOneRevision() {
        f.put("a", "1");
        f.put("b", "2");
        f.put("c", "3");
        DeleteRangeResponse d =
                f.kv.deleteRange(delReq("a", "c").toBuilder().setPrevKv(true).build());
        assertHeader(d.getHeader(), 5);
        assertThat(d.getDeleted()).isEqualTo(2);
        assertThat(d.getPrevKvsList()).extracting(k -> str(k.getKey())).containsExactly("a", "b");
        assertThat(f.kv.range(rangeReq("\0", "\0")).getKvsList())
                .extracting(k -> str(k.getKey()))
                .containsExactly("c");
    }

    @Test
    void rangeHeaderCarriesTheCurrentRevisionEvenForAnOldRead() {
        f.put("a", "1");
        f.put("a", "2");
        RangeResponse old = f.kv.range(getReq("a").toBuilder().setRevision(2).build());
        assertHeader(old.getHeader(), 3);
        assertThat(old.getKvsList()).containsExactly(kv("a", "1", 2, 2, 1));
    }

    @Test
    void rangeHonoursLimitCountKeysOnlyAndCountOnly() {
        for (String k : new String[] {"a", "b", "c", "d"}) {
            f.put(k, "v" + k);
        }
        RangeResponse limited =
                f.kv.range(rangeReq("a", "d").toBuilder().setLimit(2).build());
        assertThat(limited.getKvsList()).extracting(k -> str(k.getKey())).containsExactly("a", "b");
        assertThat(limited.getMore()).isTrue();
        assertThat(limited.getCount()).isEqualTo(3);

        RangeResponse keysOnly =
                f.kv.range(rangeReq("a", "\0").toBuilder().setKeysOnly(true).build());
        assertThat(keysOnly.getKvsList())
                .hasSize(4)
                .allSatisfy(k -> assertThat(k.getValue()).isEmpty());

        RangeResponse countOnly =
                f.kv.range(rangeReq("b", "\0").toBuilder().setCountOnly(true).build());
        assertThat(countOnly.getKvsList()).isEmpty();
        assertThat(countOnly.getCount()).isEqualTo(3);
    }

    @Test
    void rangeSortsDescending() {
        f.put("a", "1");
        f.put("b", "2");
        RangeResponse r = f.kv.range(rangeReq("a", "\0").toBuilder()
                .setSortOrder(RangeRequest.SortOrder.DESCEND)
                .setSortTarget(RangeRequest.SortTarget.MOD)
                .build());
        assertThat(r.getKvsList()).extracting(k -> str(k.getKey())).containsExactly("b", "a");
    }

    @Test
    void negativeRangeRevisionReadsTheLatest() {
        f.put("a", "1");
        assertThat(f.kv.range(getReq("a").toBuilder().setRevision(-7).build()).getKvsCount())
                .isEqualTo(1);
    }

    @Test
    void compactAnswersWithTheCurrentRevisionAndHidesOldRevisions() {
        f.put("a", "1");
        f.put("a", "2");
        f.put("a", "3");
        CompactionResponse c =
                f.kv.compact(CompactionRequest.newBuilder().setRevision(3).build());
        assertHeader(c.getHeader(), 4);
        assertThat(f.kv.range(getReq("a").toBuilder().setRevision(3).build()).getKvsList())
                .containsExactly(kv("a", "2", 2, 3, 2));
        KvFixture.assertStatus(
                () -> f.kv.range(getReq("a").toBuilder().setRevision(2).build()),
                io.grpc.Status.Code.OUT_OF_RANGE,
                "etcdserver: mvcc: required revision has been compacted");
    }

    @Test
    void physicalCompactReturnsAfterTheDeletion() {
        f.put("a", "1");
        f.put("a", "2");
        CompactionResponse c = f.kv.compact(
                CompactionRequest.newBuilder().setRevision(3).setPhysical(true).build());
        assertHeader(c.getHeader(), 3);
        assertThat(f.get("a").getKvsList()).containsExactly(kv("a", "2", 2, 3, 2));
    }

    static KeyValue kv(String key, String value, long create, long mod, long version) {
        return KeyValue.newBuilder()
                .setKey(bs(key))
                .setValue(bs(value))
                .setCreateRevision(create)
                .setModRevision(mod)
                .setVersion(version)
                .build();
    }
}
