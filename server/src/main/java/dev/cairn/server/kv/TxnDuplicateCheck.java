package dev.cairn.server.kv;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * etcd's duplicate-key rule for one Txn branch, applied recursively: a branch may not put one key
 * twice, nor put a key that a DeleteRange of the branch (or of a Txn nested in it) covers. The
 * same key may be put in a nested Txn's success and failure branches, since only one of them runs.
 *
 * <p>Reproduces etcd's exact acceptance, quirks included: a DeleteRange interval is [key,
 * range_end) compared as plain bytes, so a "from key" delete (range_end "\0") and an empty
 * interval (range_end &lt;= key) never conflict with a put; nested Txns are folded in order, so a
 * nested Txn's puts are checked against the deletes of this level and of earlier nested Txns
 * only. Stateless; thread-safe.
 */
final class TxnDuplicateCheck {
    private static final Comparator<ByteString> BYTES = ByteString.unsignedLexicographicalComparator();
    private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

    private TxnDuplicateCheck() {}

    /** Checks both branches of {@code txn}; each branch on its own. */
    static void check(TxnRequest txn) {
        checkBranch(txn.getSuccessList());
        checkBranch(txn.getFailureList());
    }

    /** The puts and deletes of a branch and everything nested in it. */
    private record Footprint(Set<ByteString> puts, List<Interval> deletes) {}

    /** A half-open byte interval [begin, end). */
    private record Interval(ByteString begin, ByteString end) {
        boolean contains(ByteString key) {
            return BYTES.compare(begin, key) <= 0 && BYTES.compare(key, end) < 0;
        }
    }

    private static Footprint checkBranch(List<RequestOp> ops) {
        List<Interval> deletes = new ArrayList<>();
        for (RequestOp op : ops) {
            if (op.hasRequestDeleteRange()) {
                deletes.add(interval(op.getRequestDeleteRange()));
            }
        }
        Set<ByteString> puts = new HashSet<>();
        for (RequestOp op : ops) {
            if (op.hasRequestTxn()) {
                foldNested(op.getRequestTxn(), puts, deletes);
            }
        }
        for (RequestOp op : ops) {
            if (op.hasRequestPut()) {
                ByteString key = op.getRequestPut().getKey();
                requireFree(key, puts, deletes);
                puts.add(key);
            }
        }
        return new Footprint(puts, deletes);
    }

    private static void foldNested(TxnRequest nested, Set<ByteString> puts, List<Interval> deletes) {
        Footprint then = checkBranch(nested.getSuccessList());
        Footprint otherwise = checkBranch(nested.getFailureList());
        for (ByteString key : then.puts()) {
            requireFree(key, puts, deletes);
            puts.add(key);
        }
        for (ByteString key : otherwise.puts()) {
            if (puts.contains(key) && !then.puts().contains(key)) {
                throw new KvException.DuplicateKey();
            }
            requireNotDeleted(key, deletes);
            puts.add(key);
        }
        deletes.addAll(then.deletes());
        deletes.addAll(otherwise.deletes());
    }

    private static void requireFree(ByteString key, Set<ByteString> puts, List<Interval> deletes) {
        if (puts.contains(key)) {
            throw new KvException.DuplicateKey();
        }
        requireNotDeleted(key, deletes);
    }

    private static void requireNotDeleted(ByteString key, List<Interval> deletes) {
        for (Interval d : deletes) {
            if (d.contains(key)) {
                throw new KvException.DuplicateKey();
            }
        }
    }

    private static Interval interval(DeleteRangeRequest d) {
        ByteString end = d.getRangeEnd().isEmpty() ? d.getKey().concat(ZERO) : d.getRangeEnd();
        return new Interval(d.getKey(), end);
    }
}
