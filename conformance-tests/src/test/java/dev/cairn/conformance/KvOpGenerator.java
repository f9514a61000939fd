package dev.cairn.conformance;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.Compare;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Generates random KV RPCs over a small key space, so that keys collide, revisions get reused in
 * compares and filters, and Txn branches trip the duplicate-key rule. Everything follows from the
 * seed plus the revisions the reference server reported ({@link #observe}), so a seed replays.
 *
 * <p>Not thread-safe: one generator per sequence.
 */
final class KvOpGenerator {
    static final int MAX_TXN_OPS = 128;

    private static final List<ByteString> KEYS = List.of(
            bytes("a"),
            bytes("a/1"),
            bytes("a/2"),
            bytes("ab"),
            bytes("b"),
            ByteString.copyFrom(new byte[] {'b', (byte) 0xff}),
            bytes("b/x"),
            bytes("c"),
            ByteString.copyFrom(new byte[] {0}));
    private static final List<ByteString> VALUES =
            List.of(ByteString.EMPTY, bytes("v0"), bytes("v1"), bytes("v2"), bytes("v10"), bytes("zz"));
    private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

    private final RandomGenerator random;
    private final boolean invalidEnums;
    private long currentRevision = 1;
    private long compactRevision = 0;

    KvOpGenerator(RandomGenerator random, boolean invalidEnums) {
        this.random = random;
        this.invalidEnums = invalidEnums;
    }

    /** Feeds back the reference server's current revision and compaction point. */
    void observe(long current, long compacted) {
        this.currentRevision = Math.max(currentRevision, current);
        this.compactRevision = Math.max(compactRevision, compacted);
    }

    long compactRevision() {
        return compactRevision;
    }

    KvOp next() {
        int roll = random.nextInt(1000);
        if (invalidEnums && roll < 10) {
            return undefinedSortProbe();
        } else if (roll < 350) {
            return new KvOp.Range(range(true));
        } else if (roll < 352) {
            // over --max-request-bytes (1.5 MiB) but under gRPC's 2 MiB receive limit
            return new KvOp.Put(PutRequest.newBuilder()
                    .setKey(pick(KEYS))
                    .setValue(ByteString.copyFrom(new byte[1_600_000]))
                    .build());
        } else if (roll < 600) {
            return new KvOp.Put(put());
        } else if (roll < 700) {
            return new KvOp.Delete(delete());
        } else if (roll < 985) {
            return new KvOp.Txn(avoidEtcd34ApplyPanic(txn(0)));
        } else {
            return new KvOp.Compact(compact());
        }
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private ByteString key() {
        return chance(2) ? ByteString.EMPTY : pick(KEYS);
    }

    /** A random revision around the interesting points: compacted, current, future. */
    private long revisionAround() {
        int roll = random.nextInt(10);
        if (roll == 0) {
            return -1L - random.nextInt(3);
        } else if (roll <= 2) {
            return Math.max(0, compactRevision - random.nextInt(3));
        } else if (roll <= 4) {
            return currentRevision + 1 + random.nextInt(3);
        } else {
            long lo = Math.max(1, compactRevision);
            return lo + random.nextLong(Math.max(1, currentRevision - lo + 1));
        }
    }

    /** Sets key and range_end in one of the documented forms (single, prefix, from-key, all, range). */
    private void keyRange(ByteString key, java.util.function.Consumer<ByteString> setEnd) {
        int roll = random.nextInt(100);
        if (roll < 45) {
            return; // single key
        } else if (roll < 65) {
            setEnd.accept(prefixEnd(key));
        } else if (roll < 75) {
            setEnd.accept(ZERO);
        } else {
            setEnd.accept(pick(KEYS)); // may be below the key: an empty range
        }
    }

    static ByteString prefixEnd(ByteString prefix) {
        byte[] end = prefix.toByteArray();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteString.copyFrom(end, 0, i + 1);
            }
        }
        return ZERO;
    }

    RangeRequest range(boolean topLevel) {
        RangeRequest.Builder b = RangeRequest.newBuilder();
        if (chance(5)) {
            b.setKey(ZERO).setRangeEnd(ZERO); // everything
        } else {
            ByteString key = key();
            b.setKey(key);
            keyRange(key, b::setRangeEnd);
        }
        if (chance(topLevel ? 30 : 10)) {
            b.setRevision(revisionAround());
        }
        if (chance(35)) {
            b.setLimit(chance(5) ? -1 : 1 + random.nextInt(4));
        }
        int order = random.nextInt(100);
        if (order < 25) {
            b.setSortOrder(RangeRequest.SortOrder.ASCEND);
        } else if (order < 50) {
            b.setSortOrder(RangeRequest.SortOrder.DESCEND);
        }
        if (chance(60)) {
            b.setSortTargetValue(1 + random.nextInt(4));
        }
        b.setSerializable(chance(20));
        b.setKeysOnly(chance(15));
        b.setCountOnly(chance(10));
        if (chance(10)) {
            b.setMinModRevision(revisionAround());
        }
        if (chance(10)) {
            b.setMaxModRevision(revisionAround());
        }
        if (chance(10)) {
            b.setMinCreateRevision(revisionAround());
        }
        if (chance(10)) {
            b.setMaxCreateRevision(revisionAround());
        }
        return b.build();
    }

    /**
     * A Range, alone or as the only op of a Txn branch, whose sort order or sort target is not a
     * defined enum value. etcd 3.4 does not validate these (an undefined target even crashes it
     * with a nil sorter); etcd 3.6 rejects them with "invalid sort option".
     */
    private KvOp undefinedSortProbe() {
        RangeRequest.Builder b = RangeRequest.newBuilder().setKey(pick(KEYS));
        if (chance(50)) {
            b.setSortOrderValue(3 + random.nextInt(5));
            if (chance(50)) {
                b.setSortTargetValue(random.nextInt(5));
            }
        } else {
            b.setSortTargetValue(5 + random.nextInt(5));
            b.setSortOrderValue(random.nextInt(3));
        }
        RangeRequest range = b.build();
        if (chance(50)) {
            return new KvOp.Range(range);
        }
        RequestOp op = RequestOp.newBuilder().setRequestRange(range).build();
        return new KvOp.Txn(
                chance(50)
                        ? TxnRequest.newBuilder().addSuccess(op).build()
                        : TxnRequest.newBuilder().addFailure(op).build());
    }

    /** True if the op holds a Range with an undefined sort order or target, at any depth. */
    static boolean hasUndefinedSortEnum(KvOp op) {
        return switch (op) {
            case KvOp.Range r -> undefinedSort(r.request());
            case KvOp.Txn t -> undefinedSort(t.request());
            default -> false;
        };
    }

    private static boolean undefinedSort(RangeRequest r) {
        return r.getSortOrderValue() > 2
                || r.getSortOrderValue() < 0
                || r.getSortTargetValue() > 4
                || r.getSortTargetValue() < 0;
    }

    private static boolean undefinedSort(TxnRequest t) {
        return Stream.concat(t.getSuccessList().stream(), t.getFailureList().stream())
                .anyMatch(op -> (op.hasRequestRange() && undefinedSort(op.getRequestRange()))
                        || (op.hasRequestTxn() && undefinedSort(op.getRequestTxn())));
    }

    PutRequest put() {
        PutRequest.Builder b = PutRequest.newBuilder().setKey(key()).setValue(pick(VALUES));
        b.setPrevKv(chance(30));
        if (chance(10)) {
            b.setIgnoreValue(true);
            if (chance(70)) {
                b.clearValue();
            }
        }
        if (chance(10)) {
            b.setIgnoreLease(true);
        }
        if (chance(3)) {
            b.setLease(1 + random.nextInt(1000));
        }
        return b.build();
    }

    DeleteRangeRequest delete() {
        DeleteRangeRequest.Builder b = DeleteRangeRequest.newBuilder();
        if (chance(3)) {
            b.setKey(ZERO).setRangeEnd(ZERO);
        } else {
            ByteString key = key();
            b.setKey(key);
            keyRange(key, b::setRangeEnd);
        }
        return b.setPrevKv(chance(40)).build();
    }

    private Compare compare() {
        Compare.Builder c = Compare.newBuilder()
                .setResultValue(random.nextInt(4))
                .setTargetValue(random.nextInt(5))
                .setKey(key());
        if (chance(20)) {
            keyRange(c.getKey(), c::setRangeEnd);
        }
        int union = random.nextInt(100);
        Compare.CompareTarget target = chance(5)
                ? Compare.CompareTarget.forNumber(random.nextInt(5)) // a union that does not match the target
                : c.getTarget();
        if (union < 3 || target == null) {
            return c.build(); // unset union
        }
        switch (target) {
            case VERSION -> c.setVersion(random.nextInt(5));
            case CREATE -> c.setCreateRevision(random.nextLong(currentRevision + 2));
            case MOD -> c.setModRevision(random.nextLong(currentRevision + 2));
            case VALUE -> c.setValue(pick(VALUES));
            case LEASE -> c.setLease(random.nextInt(2));
            case UNRECOGNIZED -> {}
        }
        return c.build();
    }

    private RequestOp requestOp(int depth) {
        int roll = random.nextInt(100);
        RequestOp.Builder op = RequestOp.newBuilder();
        if (roll < 1) {
            return op.build(); // no oneof: etcd says "key not found"
        } else if (roll < 35) {
            op.setRequestRange(range(false));
        } else if (roll < 70) {
            op.setRequestPut(put());
        } else if (roll < 88 || depth >= 2) {
            op.setRequestDeleteRange(delete());
        } else {
            op.setRequestTxn(txn(depth + 1));
        }
        return op.build();
    }

    TxnRequest txn(int depth) {
        TxnRequest.Builder b = TxnRequest.newBuilder();
        if (depth == 0 && chance(2)) {
            return wideTxn();
        }
        int compares = random.nextInt(4);
        for (int i = 0; i < compares; i++) {
            b.addCompare(compare());
        }
        int success = random.nextInt(4);
        for (int i = 0; i < success; i++) {
            b.addSuccess(requestOp(depth));
        }
        int failure = random.nextInt(4);
        for (int i = 0; i < failure; i++) {
            b.addFailure(requestOp(depth));
        }
        return b.build();
    }

    /**
     * etcd 3.4.23 panics in apply ("unexpected error during txn: etcdserver: key not found") when
     * a Txn branch deletes a key and later puts it with ignore_value or ignore_lease: the put is
     * checked against the state before the Txn, and a delete with range_end "\0" (or in a nested
     * Txn) escapes the duplicate-key check. A panic in apply has no reference answer, so Txns that
     * hold a DeleteRange lose the ignore_* flags on their Puts.
     */
    static TxnRequest avoidEtcd34ApplyPanic(TxnRequest txn) {
        if (!hasDelete(txn)) {
            return txn;
        }
        return stripIgnores(txn);
    }

    /** True if the Txn holds a Put or a DeleteRange in either branch, at any depth. */
    static boolean writes(TxnRequest txn) {
        return Stream.concat(txn.getSuccessList().stream(), txn.getFailureList().stream())
                .anyMatch(op -> op.hasRequestPut()
                        || op.hasRequestDeleteRange()
                        || (op.hasRequestTxn() && writes(op.getRequestTxn())));
    }

    private static boolean hasDelete(TxnRequest txn) {
        return Stream.concat(txn.getSuccessList().stream(), txn.getFailureList().stream())
                .anyMatch(op -> op.hasRequestDeleteRange() || (op.hasRequestTxn() && hasDelete(op.getRequestTxn())));
    }

    private static TxnRequest stripIgnores(TxnRequest txn) {
        TxnRequest.Builder b = txn.toBuilder().clearSuccess().clearFailure();
        txn.getSuccessList().forEach(op -> b.addSuccess(stripIgnores(op)));
        txn.getFailureList().forEach(op -> b.addFailure(stripIgnores(op)));
        return b.build();
    }

    private static RequestOp stripIgnores(RequestOp op) {
        if (op.hasRequestPut()) {
            return RequestOp.newBuilder()
                    .setRequestPut(
                            op.getRequestPut().toBuilder().clearIgnoreLease().clearIgnoreValue())
                    .build();
        } else if (op.hasRequestTxn()) {
            return RequestOp.newBuilder()
                    .setRequestTxn(stripIgnores(op.getRequestTxn()))
                    .build();
        }
        return op;
    }

    /**
     * A Txn at or just over --max-txn-ops: too many compares, success or failure ops, or a nested
     * Txn whose size is near the budget left by its parent level.
     */
    private TxnRequest wideTxn() {
        TxnRequest.Builder b = TxnRequest.newBuilder();
        RequestOp read = RequestOp.newBuilder()
                .setRequestRange(RangeRequest.newBuilder().setKey(pick(KEYS)))
                .build();
        int n = MAX_TXN_OPS + random.nextInt(2);
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < n; i++) {
                    b.addSuccess(read);
                }
            }
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    b.addFailure(read);
                }
            }
            case 2 -> {
                Compare absent = Compare.newBuilder()
                        .setTarget(Compare.CompareTarget.VERSION)
                        .setKey(bytes("absent"))
                        .build();
                for (int i = 0; i < n; i++) {
                    b.addCompare(absent);
                }
            }
            default -> {
                int outer = 90 + random.nextInt(MAX_TXN_OPS - 90);
                for (int i = 0; i < outer - 1; i++) {
                    b.addSuccess(read);
                }
                int inner = Math.max(1, MAX_TXN_OPS - outer - 2 + random.nextInt(5));
                TxnRequest.Builder nested = TxnRequest.newBuilder();
                for (int i = 0; i < inner; i++) {
                    nested.addSuccess(read);
                }
                b.addSuccess(RequestOp.newBuilder().setRequestTxn(nested));
            }
        }
        return b.build();
    }

    CompactionRequest compact() {
        long revision;
        int roll = random.nextInt(10);
        if (roll < 5 && currentRevision > compactRevision) {
            revision = compactRevision + 1 + random.nextLong(currentRevision - compactRevision);
        } else if (roll < 7) {
            revision = compactRevision - random.nextInt(2);
        } else if (roll < 9) {
            revision = currentRevision + 1 + random.nextInt(2);
        } else {
            revision = -random.nextInt(2);
        }
        return CompactionRequest.newBuilder()
                .setRevision(revision)
                .setPhysical(chance(50))
                .build();
    }
}
