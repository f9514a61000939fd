package dev.cairn.bench.jmh;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * What the benchmarks share: a fresh data directory per trial (on the default temporary file
 * system, so real files and real fsync) and the keys and values of etcd's benchmark defaults.
 * Stateless; safe from any thread.
 */
final class BenchFiles {
    /** Key length of etcd's benchmark default: 8 bytes. */
    static final int KEY_BYTES = 8;

    /** Value length of etcd's benchmark default: 256 bytes. */
    static final int VALUE_BYTES = 256;

    private BenchFiles() {}

    /** A new, empty directory under java.io.tmpdir named after {@code what}. */
    static Path freshDir(String what) {
        try {
            return Files.createTempDirectory("cairn-jmh-" + what + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything below it. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Key number {@code i} of the key space as 8 ASCII digits, so that keys sort by number and the
     * 100 keys sharing their first 6 digits form one prefix range.
     */
    static ByteString key(int i) {
        return ByteString.copyFrom(String.format("%08d", i), StandardCharsets.US_ASCII);
    }

    /** Keys 0 to {@code n - 1}. */
    static ByteString[] keys(int n) {
        ByteString[] keys = new ByteString[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key(i);
        }
        return keys;
    }

    /** {@code size} random bytes from {@code seed} (random, so compression does not flatter). */
    static ByteString randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return ByteString.copyFrom(b);
    }
}
