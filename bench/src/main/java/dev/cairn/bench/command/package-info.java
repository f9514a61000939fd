/**
 * The benchmark commands ({@code put}, {@code range}, {@code txn-put}, {@code txn-mixed},
 * {@code watch}, {@code watch-latency}, {@code watch-get}, {@code lease-keepalive}), each with
 * etcd's flags and defaults, and the registry that names them. Commands print their summaries
 * and return the result for {@code --json}.
 */
@NullMarked
package dev.cairn.bench.command;

import org.jspecify.annotations.NullMarked;
