/**
 * {@code bin/cairn-bench}: a load generator for etcd's v3 API in the manner of etcd's own {@code
 * benchmark} tool, pointed at etcd or Cairn alike.
 */
@NullMarked
package dev.cairn.bench;

import org.jspecify.annotations.NullMarked;
