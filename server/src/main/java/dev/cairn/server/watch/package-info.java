/**
 * etcd's watch: the hub that turns the store's commit feed into per-watcher event responses, the
 * catch-up of watchers that are behind (history replay, slow consumers), progress notifications,
 * and the per-stream state of a gRPC Watch stream (watch IDs, the bounded outbox, fragmentation).
 *
 * <p>Threading: one hub thread (see {@link dev.cairn.server.watch.WatchHub}) owns every watcher,
 * every stream's state and the hub's notion of the current revision; everything else only posts
 * tasks to it. The store's completer thread never waits on watch work.
 *
 * <p>Owns: watcher state (synced / unsynced / victim), catch-up from {@code ReadView.events},
 * progress and fragment rules, the cancel reasons that are wire contract. Must not touch: gRPC (the
 * stream is reached through {@link dev.cairn.server.watch.ResponseSink}; the rpc package adapts),
 * KV semantics, and clocks (time reaches the package only through {@link
 * dev.cairn.server.watch.TickSource}). Design notes: {@code docs/design/watch.md}.
 */
@NullMarked
package dev.cairn.server.watch;

import org.jspecify.annotations.NullMarked;
