/**
 * etcd's leases: grant, revoke, keep-alive, time-to-live, expiry and checkpoints.
 *
 * <p>Owns: the {@link dev.cairn.server.lease.Lessor} (the lease set and expiry instants on an
 * injected {@link dev.cairn.server.time.Ticker}; pure decisions about what has expired and what
 * to checkpoint) and the {@link dev.cairn.server.lease.LeaseDriver} (the one thread that executes
 * those decisions as store writes). Lease records and the lease-to-keys index are the store's.
 *
 * <p>Must not touch: gRPC (the rpc package adapts this to the Lease service and maps {@link
 * dev.cairn.server.lease.LeaseException} to status codes), the system clock, and storage
 * internals beyond {@link dev.cairn.storage.mvcc.MvccStore}.
 *
 * <p>For other services (Election, Lock): {@link dev.cairn.server.lease.Lessor#grant}, {@link
 * dev.cairn.server.lease.Lessor#exists}, {@link dev.cairn.server.lease.Lessor#timeToLive}, {@link
 * dev.cairn.server.lease.Lessor#revoke} and {@link dev.cairn.server.lease.Lessor#renew}.
 */
@NullMarked
package dev.cairn.server.lease;

import org.jspecify.annotations.NullMarked;
