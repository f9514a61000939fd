/**
 * The durable raft log: entries, hard state and snapshot metadata as opaque bytes, on a RocksDB
 * instance of its own (the server keeps it in {@code <member dir>/wal}). It knows nothing of
 * raft's types; the server encodes them with {@code dev.cairn.proto.raftpb}.
 *
 * <p>Public: {@link dev.cairn.storage.wal.RaftLogStore} (with its records) and {@link
 * dev.cairn.storage.wal.RaftLogStores}. Package-private: the RocksDB implementation. The byte
 * layout lives in {@code dev.cairn.storage.schema.Schema}; the design is in {@code
 * docs/design/storage.md}. Must not touch the MVCC database, gRPC or the raft module.
 */
@NullMarked
package dev.cairn.storage.wal;

import org.jspecify.annotations.NullMarked;
