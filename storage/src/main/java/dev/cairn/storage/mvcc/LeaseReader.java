package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.storage.schema.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads the leases and lease_keys column families. Stateless; safe from any thread with its own
 * source.
 */
final class LeaseReader {
    private LeaseReader() {}

    static Optional<LeaseRecord> lease(KvSource src, Database db, long id) {
        byte[] v = src.get(db.leases, Schema.leaseKey(id));
        return v == null ? Optional.empty() : Optional.of(record(id, v));
    }

    static List<LeaseRecord> leases(KvSource src, Database db) {
        List<LeaseRecord> out = new ArrayList<>();
        try (RocksIterator it = src.iterator(db.leases)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.add(record(Schema.leaseIdOf(it.key()), it.value()));
            }
            check(it);
        }
        return out;
    }

    static List<ByteString> leaseKeys(KvSource src, Database db, long leaseId) {
        byte[] prefix = Schema.leaseKey(leaseId);
        List<ByteString> out = new ArrayList<>();
        try (RocksIterator it = src.iterator(db.leaseKeys)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                out.add(Schema.leaseKeysUserKey(key));
            }
            check(it);
        }
        return out;
    }

    private static LeaseRecord record(long id, byte[] value) {
        return new LeaseRecord(id, Schema.leaseTtl(value), Schema.leaseRemainingTtl(value));
    }

    private static void check(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("iteration failed", e);
        }
    }
}
