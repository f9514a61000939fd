/**
 * Load generation: the gRPC channels ({@code --conns}) and the closed-loop clients
 * ({@code --clients}) that keep one request each in flight on them, a token-bucket rate limiter
 * for {@code --rate}, and etcd's key encoding. Commands compose these; nothing here prints.
 */
@NullMarked
package dev.cairn.bench.load;

import org.jspecify.annotations.NullMarked;
