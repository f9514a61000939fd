package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the Range reads (and read-only Txns) that may be large run, so that a scan over many keys never holds up the
 * Netty event loop (and every other call on its connections) that delivered it. Owns its threads:
 * {@code cairn-scan-N} daemon threads, at most one per processor, each ending after a minute idle;
 * shared by every KV service of the process. Thread-safe.
 */
final class ScanPool {
    /** Above this limit (or without one) a range over a key interval counts as possibly large. */
    static final long SMALL_LIMIT = 1000;

    private static final Executor POOL = create();

    private ScanPool() {}

    /** The shared pool. */
    static Executor executor() {
        return POOL;
    }

    /**
     * True when {@code r} reads a bounded number of keys: one key (no range end), or a range with a
     * limit of at most {@link #SMALL_LIMIT} that does not count the whole interval.
     */
    static boolean isSmall(RangeRequest r) {
        if (r.getRangeEnd().isEmpty()) {
            return true;
        }
        return !r.getCountOnly() && r.getLimit() > 0 && r.getLimit() <= SMALL_LIMIT;
    }

    /**
     * True when every Range of {@code t}, in both branches and in nested Txns, is {@link
     * #isSmall(RangeRequest) small}: its handler then reads no more than that on the event loop
     * (a Txn with writes only proposes).
     */
    static boolean isSmall(TxnRequest t) {
        return allSmall(t.getSuccessList()) && allSmall(t.getFailureList());
    }

    private static boolean allSmall(List<RequestOp> ops) {
        for (RequestOp op : ops) {
            if (op.hasRequestRange() && !isSmall(op.getRequestRange())) {
                return false;
            }
            if (op.hasRequestTxn() && !isSmall(op.getRequestTxn())) {
                return false;
            }
        }
        return true;
    }

    private static Executor create() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "cairn-scan-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
