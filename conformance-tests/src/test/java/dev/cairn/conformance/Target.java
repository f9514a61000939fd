package dev.cairn.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The server binaries the conformance tests start: the real etcd (the reference) and Cairn's
 * {@code bin/cairn}. Both take etcd's command-line flags.
 *
 * <p>Thread-safe (immutable).
 */
enum Target {
    /** The reference implementation, etcd 3.4 from Debian. */
    ETCD,
    /** Cairn, started through {@code bin/cairn} at the repository root. */
    CAIRN;

    /** Where the real etcd lives; {@code -Detcd.binary=...} overrides. */
    static Path etcdBinary() {
        return Path.of(System.getProperty("etcd.binary", "/usr/bin/etcd"));
    }

    /** Where etcdctl lives; {@code -Detcdctl.binary=...} overrides. */
    static Path etcdctlBinary() {
        return Path.of(System.getProperty("etcdctl.binary", "/usr/bin/etcdctl"));
    }

    /** Walks up from the working directory (the module directory under failsafe) to bin/cairn. */
    static Path cairnLauncher() {
        String explicit = System.getProperty("cairn.launcher");
        if (explicit != null) {
            return Path.of(explicit);
        }
        @Nullable Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("bin").resolve("cairn");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "bin/cairn not found above " + Path.of("").toAbsolutePath() + " (set -Dcairn.launcher=...)");
    }

    /** The program and its fixed leading arguments. */
    List<String> command() {
        return switch (this) {
            case ETCD -> List.of(etcdBinary().toString());
            case CAIRN -> List.of(cairnLauncher().toString());
        };
    }

    /**
     * Flags only this target gets. etcd waits a full election timeout before a single member
     * leads; shorter timers make it serve sooner without changing anything a client sees.
     */
    List<String> extraFlags() {
        return switch (this) {
            case ETCD -> List.of("--heartbeat-interval=25", "--election-timeout=250", "--logger=zap");
            case CAIRN -> List.of();
        };
    }

    /**
     * Exit status after SIGTERM. etcd restores the default handler and re-raises the signal after
     * its cleanup, so the JVM sees 128 + 15; Cairn is expected to shut down and exit 0.
     */
    int exitCodeAfterSigterm() {
        return switch (this) {
            case ETCD -> 143;
            case CAIRN -> 0;
        };
    }

    String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Targets selected by {@code -Dconformance.targets=etcd,cairn} (default: both). Tests that
     * compare a target against etcd always start etcd as the reference, whatever this says.
     */
    static List<Target> selected() {
        String spec = System.getProperty("conformance.targets", "etcd,cairn");
        List<Target> out = new ArrayList<>();
        Arrays.stream(spec.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(s -> out.add(Target.valueOf(s.toUpperCase(Locale.ROOT))));
        return out;
    }
}
