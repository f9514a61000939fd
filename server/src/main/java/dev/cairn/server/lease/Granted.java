package dev.cairn.server.lease;

/**
 * A granted lease. Immutable; thread-safe.
 *
 * @param id the lease ID (chosen by the server when the request asked for 0)
 * @param ttl the granted TTL in seconds, after raising it to the minimum
 * @param revision the store's current revision when the grant was applied (grants do not move it)
 */
public record Granted(long id, long ttl, long revision) {}
