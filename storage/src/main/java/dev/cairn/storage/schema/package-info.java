/**
 * The on-disk layout of the storage module: every RocksDB column family, meta key and key
 * encoding, of both the MVCC database and the raft log database, declared in {@link
 * dev.cairn.storage.schema.Schema}. Internal to {@code storage}: only {@code
 * dev.cairn.storage.mvcc} and {@code dev.cairn.storage.wal} may use it. Owns no state and no
 * threads.
 */
@NullMarked
package dev.cairn.storage.schema;

import org.jspecify.annotations.NullMarked;
