package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Reads the cluster column family. Stateless; safe from any thread with its own source. */
final class ClusterReader {
    private ClusterReader() {}

    static SortedMap<ByteString, ByteString> records(KvSource src, Database db) {
        TreeMap<ByteString, ByteString> out = new TreeMap<>(ByteString.unsignedLexicographicalComparator());
        try (RocksIterator it = src.iterator(db.cluster)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.put(ByteString.copyFrom(it.key()), ByteString.copyFrom(it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("iteration failed", e);
        }
        return Collections.unmodifiableSortedMap(out);
    }
}
