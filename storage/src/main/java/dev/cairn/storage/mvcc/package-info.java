/**
 * Multi-version key-value store with etcd's revision semantics, on RocksDB.
 *
 * <p>Owns: revisions (main and sub), per-key create/mod revision and version, tombstones,
 * reads at any uncompacted revision, compaction, and durable group-committed writes. Must not
 * touch: gRPC, request validation that is etcd's server-side policy (txn width, duplicate keys,
 * leases), or anything about the network. The server's applier builds etcd's requests out of
 * {@link dev.cairn.storage.mvcc.WriteTxn} and {@link dev.cairn.storage.mvcc.ReadView} calls.
 *
 * <p>Public: the API types and {@link dev.cairn.storage.mvcc.MvccStores}. Package-private: the
 * RocksDB implementation ({@code RocksMvccStore}, its {@code Writer} with group commit, {@code
 * Compactor}, {@code RangeReader}, {@code BatchTxn}, {@code SnapshotView}), snapshot export and
 * install ({@code SnapshotExporter}, {@code SnapshotInstaller}, {@code SnapshotCodec}) and the
 * directory layout inside the member directory ({@code StoreLayout}). The byte layout lives
 * in {@code dev.cairn.storage.schema.Schema}; the design is in {@code docs/design/storage.md}.
 */
@NullMarked
package dev.cairn.storage.mvcc;

import org.jspecify.annotations.NullMarked;
