package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.Ops.bs;
import static dev.cairn.server.rpc.Ops.del;
import static dev.cairn.server.rpc.Ops.get;
import static dev.cairn.server.rpc.Ops.getReq;
import static dev.cairn.server.rpc.Ops.otherwise;
import static dev.cairn.server.rpc.Ops.put;
import static dev.cairn.server.rpc.Ops.putReq;
import static dev.cairn.server.rpc.Ops.range;
import static dev.cairn.server.rpc.Ops.then;
import static dev.cairn.server.rpc.Ops.txn;
import static dev.cairn.server.rpc.Ops.versionIs;
import static dev.cairn.server.rpc.Ops.when;
import static io.grpc.Status.Code.INVALID_ARGUMENT;
import static io.grpc.Status.Code.NOT_FOUND;
import static io.grpc.Status.Code.OUT_OF_RANGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every KV error etcd sends, with its exact code and text, and proof that a failed write changed
 * nothing. The store holds a (rev 2), b (rev 3), c (rev 4), compacted at 3; current revision 4.
 * Limits: 4 txn ops, 512 request bytes.
 */
class KvErrorsTest {
    static final String EMPTY_KEY = "etcdserver: key is not provided";
    static final String KEY_NOT_FOUND = "etcdserver: key not found";
    static final String TOO_MANY = "etcdserver: too many operations in txn request";
    static final String DUPLICATE = "etcdserver: duplicate key given in txn request";
    static final String SORT = "etcdserver: invalid sort option";
    static final String COMPACTED = "etcdserver: mvcc: required revision has been compacted";
    static final String FUTURE = "etcdserver: mvcc: required revision is a future revision";
    static final String LEASE_NOT_FOUND = "etcdserver: requested lease not found";
    static final String TOO_LARGE = "etcdserver: request is too large";

    @TempDir
    Path dir;

    KvFixture f;

    @BeforeEach
    void start() {
        f = new KvFixture(dir, 4, 512);
        f.put("a", "1");
        f.put("b", "2");
        f.put("c", "3");
        f.kv.compact(CompactionRequest.newBuilder().setRevision(3).build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithEtcdsCodeAndText(String name, Consumer<KVGrpc.KVBlockingStub> call, Status.Code code, String text) {
        KvFixture.assertStatus(() -> call.accept(f.kv), code, text);
        assertThat(f.revision()).as("nothing was written").isEqualTo(4);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // empty keys
                c("range empty key", kv -> kv.range(getReq("")), INVALID_ARGUMENT, EMPTY_KEY),
                c("put empty key", kv -> kv.put(putReq("", "v")), INVALID_ARGUMENT, EMPTY_KEY),
                c(
                        "delete empty key",
                        kv -> kv.deleteRange(DeleteRangeRequest.getDefaultInstance()),
                        INVALID_ARGUMENT,
                        EMPTY_KEY),
                c("compare empty key", kv -> kv.txn(when(versionIs("", 0)).build()), INVALID_ARGUMENT, EMPTY_KEY),
                c("txn put empty key", kv -> kv.txn(then(when(), put("", "v")).build()), INVALID_ARGUMENT, EMPTY_KEY),
                c(
                        "txn failure range empty key",
                        kv -> kv.txn(otherwise(when(), get("")).build()),
                        INVALID_ARGUMENT,
                        EMPTY_KEY),
                c(
                        "nested compare empty key",
                        kv -> kv.txn(then(when(), txn(when(versionIs("", 1)).build()))
                                .build()),
                        INVALID_ARGUMENT,
                        EMPTY_KEY),
                c(
                        "nested delete empty key",
                        kv -> kv.txn(then(when(), txn(then(when(), del("")).build()))
                                .build()),
                        INVALID_ARGUMENT,
                        EMPTY_KEY),
                // ignore_* and their companions
                c(
                        "ignore_value with value",
                        kv -> kv.put(putReq("a", "v").toBuilder()
                                .setIgnoreValue(true)
                                .build()),
                        INVALID_ARGUMENT,
                        "etcdserver: value is provided"),
                c(
                        "ignore_lease with lease",
                        kv -> kv.put(putReq("a", "v").toBuilder()
                                .setIgnoreLease(true)
                                .setLease(7)
                                .build()),
                        INVALID_ARGUMENT,
                        "etcdserver: lease is provided"),
                c(
                        "txn ignore_value with value",
                        kv -> kv.txn(then(
                                        when(),
                                        put(putReq("a", "v").toBuilder()
                                                .setIgnoreValue(true)
                                                .build()))
                                .build()),
                        INVALID_ARGUMENT,
                        "etcdserver: value is provided"),
                c(
                        "ignore_value on missing key",
                        kv -> kv.put(PutRequest.newBuilder()
                                .setKey(bs("zz"))
                                .setIgnoreValue(true)
                                .build()),
                        INVALID_ARGUMENT,
                        KEY_NOT_FOUND),
                c(
                        "ignore_lease on missing key",
                        kv -> kv.put(putReq("zz", "v").toBuilder()
                                .setIgnoreLease(true)
                                .build()),
                        INVALID_ARGUMENT,
                        KEY_NOT_FOUND),
                c(
                        "txn ignore_value on missing key",
                        kv -> kv.txn(then(
                                        when(),
                                        put("x", "1"),
                                        put(PutRequest.newBuilder()
                                                .setKey(bs("zz"))
                                                .setIgnoreValue(true)
                                                .build()))
                                .build()),
                        INVALID_ARGUMENT,
                        KEY_NOT_FOUND),
                c(
                        "empty request op",
                        kv -> kv.txn(
                                then(when(), RequestOp.getDefaultInstance()).build()),
                        INVALID_ARGUMENT,
                        KEY_NOT_FOUND),
                c(
                        "nested empty request op",
                        kv -> kv.txn(otherwise(
                                        when(),
                                        txn(otherwise(when(), RequestOp.getDefaultInstance())
                                                .build()))
                                .build()),
                        INVALID_ARGUMENT,
                        KEY_NOT_FOUND),
                // leases do not exist yet
                c(
                        "put with lease",
                        kv -> kv.put(putReq("a", "v").toBuilder().setLease(5).build()),
                        NOT_FOUND,
                        LEASE_NOT_FOUND),
                c(
                        "lease checked before ignore_value",
                        kv -> kv.put(PutRequest.newBuilder()
                                .setKey(bs("zz"))
                                .setIgnoreValue(true)
                                .setLease(5)
                                .build()),
                        NOT_FOUND,
                        LEASE_NOT_FOUND),
                c(
                        "txn put with lease",
                        kv -> kv.txn(then(
                                        when(),
                                        put("x", "1"),
                                        put(putReq("y", "v").toBuilder()
                                                .setLease(5)
                                                .build()))
                                .build()),
                        NOT_FOUND,
                        LEASE_NOT_FOUND),
                c(
                        "nested txn put with lease",
                        kv -> kv.txn(then(
                                        when(),
                                        put("x", "1"),
                                        txn(then(
                                                        when(),
                                                        put(putReq("y", "v").toBuilder()
                                                                .setLease(5)
                                                                .build()))
                                                .build()))
                                .build()),
                        NOT_FOUND,
                        LEASE_NOT_FOUND),
                // sort options
                c(
                        "undefined sort order",
                        kv -> kv.range(
                                getReq("a").toBuilder().setSortOrderValue(3).build()),
                        INVALID_ARGUMENT,
                        SORT),
                c(
                        "undefined sort target",
                        kv -> kv.range(
                                getReq("a").toBuilder().setSortTargetValue(5).build()),
                        INVALID_ARGUMENT,
                        SORT),
                c(
                        "negative sort target",
                        kv -> kv.range(
                                getReq("a").toBuilder().setSortTargetValue(-1).build()),
                        INVALID_ARGUMENT,
                        SORT),
                c(
                        "txn range undefined sort order",
                        kv -> kv.txn(then(
                                        when(),
                                        range(getReq("a").toBuilder()
                                                .setSortOrderValue(9)
                                                .build()))
                                .build()),
                        INVALID_ARGUMENT,
                        SORT),
                // txn width
                c(
                        "five compares",
                        kv -> kv.txn(when(
                                        versionIs("a", 1),
                                        versionIs("a", 1),
                                        versionIs("a", 1),
                                        versionIs("a", 1),
                                        versionIs("a", 1))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_MANY),
                c(
                        "five success ops",
                        kv -> kv.txn(then(when(), get("a"), get("a"), get("a"), get("a"), get("a"))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_MANY),
                c(
                        "five failure ops",
                        kv -> kv.txn(otherwise(when(), get("a"), get("a"), get("a"), get("a"), get("a"))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_MANY),
                c(
                        "nested over the remaining budget",
                        kv -> kv.txn(then(
                                        when(),
                                        get("a"),
                                        get("a"),
                                        txn(then(when(), get("a"), get("a"), get("a"))
                                                .build()))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_MANY),
                c(
                        "nested budget uses the widest of the three",
                        kv -> kv.txn(otherwise(
                                        when(versionIs("a", 1), versionIs("a", 1), versionIs("a", 1)),
                                        txn(then(when(), get("a"), get("a")).build()))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_MANY),
                // duplicate keys
                c(
                        "put twice",
                        kv -> kv.txn(then(when(), put("x", "1"), put("x", "2")).build()),
                        INVALID_ARGUMENT,
                        DUPLICATE),
                c(
                        "put inside a delete range",
                        kv -> kv.txn(
                                otherwise(when(), del("a", "c"), put("b", "1")).build()),
                        INVALID_ARGUMENT,
                        DUPLICATE),
                c(
                        "nested put under outer delete",
                        kv -> kv.txn(then(
                                        when(),
                                        del("x"),
                                        txn(then(when(), put("x", "1")).build()))
                                .build()),
                        INVALID_ARGUMENT,
                        DUPLICATE),
                c(
                        "outer put under nested delete",
                        kv -> kv.txn(then(
                                        when(),
                                        put("x", "1"),
                                        txn(otherwise(when(), del("w", "y")).build()))
                                .build()),
                        INVALID_ARGUMENT,
                        DUPLICATE),
                // revisions
                c(
                        "range compacted revision",
                        kv -> kv.range(getReq("a").toBuilder().setRevision(2).build()),
                        OUT_OF_RANGE,
                        COMPACTED),
                c(
                        "range future revision",
                        kv -> kv.range(getReq("a").toBuilder().setRevision(5).build()),
                        OUT_OF_RANGE,
                        FUTURE),
                c(
                        "read-only txn compacted range",
                        kv -> kv.txn(then(
                                        when(),
                                        range(getReq("a").toBuilder()
                                                .setRevision(2)
                                                .build()))
                                .build()),
                        OUT_OF_RANGE,
                        COMPACTED),
                c(
                        "read-only txn future range",
                        kv -> kv.txn(otherwise(
                                        when(versionIs("a", 9)),
                                        range(getReq("a").toBuilder()
                                                .setRevision(5)
                                                .build()))
                                .build()),
                        OUT_OF_RANGE,
                        FUTURE),
                c(
                        "write txn future range after a put",
                        kv -> kv.txn(then(
                                        when(),
                                        put("x", "1"),
                                        range(getReq("a").toBuilder()
                                                .setRevision(5)
                                                .build()))
                                .build()),
                        OUT_OF_RANGE,
                        FUTURE),
                c(
                        "txn negative range revision after compaction",
                        kv -> kv.txn(then(
                                        when(),
                                        put("x", "1"),
                                        range(getReq("a").toBuilder()
                                                .setRevision(-1)
                                                .build()))
                                .build()),
                        OUT_OF_RANGE,
                        COMPACTED),
                c(
                        "compact at the compact revision",
                        kv -> kv.compact(
                                CompactionRequest.newBuilder().setRevision(3).build()),
                        OUT_OF_RANGE,
                        COMPACTED),
                c(
                        "compact below the compact revision",
                        kv -> kv.compact(
                                CompactionRequest.newBuilder().setRevision(2).build()),
                        OUT_OF_RANGE,
                        COMPACTED),
                c(
                        "compact future revision",
                        kv -> kv.compact(
                                CompactionRequest.newBuilder().setRevision(5).build()),
                        OUT_OF_RANGE,
                        FUTURE),
                // size
                c(
                        "put too large",
                        kv -> kv.put(PutRequest.newBuilder()
                                .setKey(bs("k"))
                                .setValue(ByteString.copyFrom(new byte[500]))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_LARGE),
                c(
                        "txn too large",
                        kv -> kv.txn(then(
                                        when(),
                                        put(PutRequest.newBuilder()
                                                .setKey(bs("k"))
                                                .setValue(ByteString.copyFrom(new byte[500]))
                                                .build()))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_LARGE),
                c(
                        "delete too large",
                        kv -> kv.deleteRange(DeleteRangeRequest.newBuilder()
                                .setKey(ByteString.copyFrom(new byte[500]))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_LARGE),
                // validation comes first, in etcd's order
                c(
                        "empty key before too large",
                        kv -> kv.put(PutRequest.newBuilder()
                                .setValue(ByteString.copyFrom(new byte[600]))
                                .build()),
                        INVALID_ARGUMENT,
                        EMPTY_KEY),
                c(
                        "width before empty key",
                        kv -> kv.txn(then(when(versionIs("", 1)), get("a"), get("a"), get("a"), get("a"), get("a"))
                                .build()),
                        INVALID_ARGUMENT,
                        TOO_MANY),
                c(
                        "duplicate before lease",
                        kv -> kv.txn(then(
                                        when(),
                                        put(putReq("x", "v").toBuilder()
                                                .setLease(3)
                                                .build()),
                                        put("x", "1"))
                                .build()),
                        INVALID_ARGUMENT,
                        DUPLICATE));
    }

    private static Arguments c(String name, Consumer<KVGrpc.KVBlockingStub> call, Status.Code code, String text) {
        return Arguments.of(name, call, code, text);
    }
}
