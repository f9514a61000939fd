/**
 * etcd's leases: grant, revoke, keep-alive, time-to-live, expiry and checkpoints.
 *
 * <p>Owns: the {@link dev.cairn.server.lease.LeaseMachine} (the lease set and expiry instants on
 * an injected {@link dev.cairn.server.time.Ticker}, changed by applied entries on every member;
 * pure decisions about what has expired and what to checkpoint), the {@link
 * dev.cairn.server.lease.Lessor} (what clients and the driver ask: grants, revokes and
 * checkpoints as proposals through {@link dev.cairn.server.replication.Proposer}, renewals on the
 * leader) and the {@link dev.cairn.server.lease.LeaseDriver} (the one thread that executes the
 * leader's decisions as proposals). Lease records and the lease-to-keys index are the store's.
 *
 * <p>Must not touch: gRPC (the rpc package adapts this to the Lease service and maps {@link
 * dev.cairn.server.lease.LeaseException} to status codes), the system clock, storage internals
 * beyond {@link dev.cairn.storage.mvcc.MvccStore}, and store writes outside an applied entry.
 *
 * <p>For other services (Election, Lock): {@link dev.cairn.server.lease.Lessor#grant}, {@link
 * dev.cairn.server.lease.Lessor#exists}, {@link dev.cairn.server.lease.Lessor#timeToLive}, {@link
 * dev.cairn.server.lease.Lessor#revoke} and {@link dev.cairn.server.lease.Lessor#renew}.
 */
@NullMarked
package dev.cairn.server.lease;

import org.jspecify.annotations.NullMarked;
