/**
 * etcd's server-side election (v3election) and lock (v3lock) helpers, built on the KV applier and
 * the store's change feed: queue keys {@code <name>/<lease hex>}, oldest create_revision first.
 *
 * <p>Owns: the queue algorithm (create the own key in a Txn, then wait until every key under the
 * prefix with a lower create_revision is deleted), leader observation, and the domain errors
 * ({@link dev.cairn.server.election.ElectionException}). All waiting runs on one serial
 * {@code cairn-election} thread per {@link dev.cairn.server.election.KeyQueues}; nothing here ever
 * blocks a caller's thread or the store's threads.
 *
 * <p>Must not touch: gRPC (the rpc package adapts {@link dev.cairn.server.election.Elections} and
 * {@link dev.cairn.server.election.Locks}), the watch package (waiting uses {@link
 * dev.cairn.storage.mvcc.MvccStore#addCommitListener} directly), clocks, and KV semantics beyond
 * {@link dev.cairn.server.kv.KvApplier}'s public requests.
 */
@NullMarked
package dev.cairn.server.election;

import org.jspecify.annotations.NullMarked;
