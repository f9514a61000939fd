/**
 * The durable raft log: entries, hard state and snapshot metadata as opaque bytes, in a directory of
 * its own (the server keeps it in {@code <member dir>/wal}): preallocated segment files, or a
 * RocksDB instance in data directories from earlier versions. It knows nothing of
 * raft's types; the server encodes them with {@code dev.cairn.proto.raftpb}.
 *
 * <p>Public: {@link dev.cairn.storage.wal.RaftLogStore} (with its records) and {@link
 * dev.cairn.storage.wal.RaftLogStores}. Package-private: the two implementations. The segment
 * format is in {@code LogRecords}, the RocksDB layout in {@code dev.cairn.storage.schema.Schema}; the design is in {@code
 * docs/design/storage.md}. Must not touch the MVCC database, gRPC or the raft module.
 */
@NullMarked
package dev.cairn.storage.wal;

import org.jspecify.annotations.NullMarked;
