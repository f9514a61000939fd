package dev.cairn.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.mvcc.StorageException;
import dev.cairn.storage.schema.Schema;
import dev.cairn.storage.wal.RaftLogStore.LogWrite;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract on {@link RocksRaftLogStore}, plus its corruption checks and its choice by {@link RaftLogStores}. */
class RaftLogStoreRocksTest extends RaftLogStoreTest {
    @Override
    RaftLogStore open(Path dir) {
        return RocksRaftLogStore.open(dir);
    }

    @Test
    void anExistingRocksLogIsStillOpenedAsOne() {
        try (RaftLogStore log = open(dir)) {
            log.write(LogWrite.append(entries(1, 3, "a")));
        }
        try (RaftLogStore log = RaftLogStores.open(dir)) {
            assertThat(log).isInstanceOf(RocksRaftLogStore.class);
            assertThat(describe(log.recover())).isEqualTo(expected(1, 3, "a"));
        }
    }

    @Test
    void corruptedEntryIsReportedWithItsIndex() {
        try (RaftLogStore log = open(dir)) {
            log.write(LogWrite.append(entries(1, 5, "a")));
        }
        try (LogDatabase raw = LogDatabase.open(dir)) {
            byte[] key = Schema.logEntryKey(3);
            byte[] value = raw.db.get(raw.entries, key);
            value[value.length - 1] ^= 0x01; // one flipped bit in the payload
            raw.db.put(raw.entries, raw.syncWrite, key, value);
        } catch (org.rocksdb.RocksDBException e) {
            throw new AssertionError(e);
        }
        try (RaftLogStore log = open(dir)) {
            assertThatThrownBy(log::recover)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("index 3")
                    .hasMessageContaining("checksum");
        }
    }

    @Test
    void tornEntryAndCorruptMetaAreReported() throws Exception {
        try (RaftLogStore log = open(dir)) {
            log.write(new LogWrite(Optional.of(b("hard")), entries(1, 3, "a"), Optional.empty(), 0, true));
        }
        try (LogDatabase raw = LogDatabase.open(dir)) {
            raw.db.put(raw.entries, raw.syncWrite, Schema.logEntryKey(2), new byte[] {7, 7});
        }
        try (RaftLogStore log = open(dir)) {
            assertThatThrownBy(log::recover)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("index 2");
        }
        try (LogDatabase raw = LogDatabase.open(dir)) {
            raw.db.put(
                    raw.entries, raw.syncWrite, Schema.logEntryKey(2), Schema.logValue(Schema.logEntryKey(2), b("ok")));
            // A valid value moved under another key fails too: the key is part of the checksum.
            raw.db.put(
                    raw.meta,
                    raw.syncWrite,
                    Schema.LOG_META_HARD_STATE,
                    Schema.logValue(Schema.LOG_META_SNAPSHOT, b("x")));
        }
        try (RaftLogStore log = open(dir)) {
            assertThatThrownBy(log::recover)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("hard state");
        }
    }

    @Test
    void missingEntryInTheMiddleIsReported() throws Exception {
        try (RaftLogStore log = open(dir)) {
            log.write(LogWrite.append(entries(1, 5, "a")));
        }
        try (LogDatabase raw = LogDatabase.open(dir)) {
            raw.db.delete(raw.entries, raw.syncWrite, Schema.logEntryKey(3));
        }
        try (RaftLogStore log = open(dir)) {
            assertThatThrownBy(log::recover)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("between index 2 and 4");
        }
    }
}
