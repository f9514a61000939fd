package dev.cairn.server.kv;

/**
 * Whether a lease exists, for Puts that attach one. Implementations must be thread-safe: the
 * applier asks from the store's writer thread.
 */
@FunctionalInterface
public interface LeaseLookup {
    /** No leases at all (the Lease service is not built yet): every nonzero lease is unknown. */
    LeaseLookup NONE = leaseId -> false;

    boolean exists(long leaseId);
}
