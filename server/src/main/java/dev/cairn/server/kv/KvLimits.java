package dev.cairn.server.kv;

/**
 * The request limits the applier enforces. Immutable; thread-safe.
 *
 * @param maxTxnOps --max-txn-ops: the widest a Txn level may be (compares, success or failure)
 * @param maxRequestBytes --max-request-bytes: the largest write request, as etcd measures it
 */
public record KvLimits(int maxTxnOps, long maxRequestBytes) {
    /** etcd's defaults: 128 ops, 1.5 MiB. */
    public static final KvLimits ETCD_DEFAULTS = new KvLimits(128, 1_572_864L);

    public KvLimits {
        if (maxTxnOps <= 0) {
            throw new IllegalArgumentException("maxTxnOps must be positive: " + maxTxnOps);
        }
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
        }
    }
}
