package dev.cairn.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbSize and dbSizeInUse are sane. */
class StoreMetricsTest {
    @TempDir
    Path dir;

    @Test
    void sizesArePositiveAndGrowWithData() {
        try (MvccStore store = MvccStores.open(dir)) {
            long empty = store.dbSizeBytes();
            assertThat(empty).isPositive();
            for (int i = 0; i < 100; i++) {
                Fixtures.put(store, "key" + i, "x".repeat(1000));
            }
            assertThat(store.dbSizeBytes()).isGreaterThan(empty);
            assertThat(store.dbSizeInUseBytes()).isGreaterThanOrEqualTo(100_000);
        }
    }
}
