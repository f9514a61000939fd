package dev.cairn.server.kv;

/**
 * Whether a lease exists, for Puts that attach one (the Lessor answers it). Implementations must be
 * thread-safe: the applier asks from the store's writer thread.
 */
@FunctionalInterface
public interface LeaseLookup {
    boolean exists(long leaseId);
}
