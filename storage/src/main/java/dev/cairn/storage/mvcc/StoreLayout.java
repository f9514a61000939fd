package dev.cairn.storage.mvcc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the store keeps its RocksDB instance inside the member directory it is opened with, and
 * how a snapshot install replaces it crash-safely. Stateless; callers must not run it
 * concurrently for one directory (the store is closed while a snapshot is installed).
 *
 * <pre>
 *   &lt;member dir&gt;/db             the RocksDB instance of the store
 *   &lt;member dir&gt;/db.installing  a snapshot being installed; complete once it holds INSTALLED
 *   &lt;member dir&gt;/db.replaced    the previous db while a complete install is swapped in
 *   &lt;member dir&gt;/*              anything else (the server's wal/) is never touched
 * </pre>
 *
 * A store created before this layout has its RocksDB files directly in the member directory
 * (legacy); it is opened there until a snapshot install moves the store to {@code db/}, after
 * which the legacy RocksDB files are deleted.
 */
final class StoreLayout {
    static final String DB = "db";
    static final String INSTALLING = "db.installing";
    static final String REPLACED = "db.replaced";
    static final String INSTALLED_MARKER = "INSTALLED";

    /** The names RocksDB gives its files (CURRENT first: deleting it ends the legacy layout). */
    private static final Pattern ROCKSDB_FILE = Pattern.compile(
            "CURRENT|IDENTITY|LOCK|LOG(\\.old\\..*)?|MANIFEST-\\d+|OPTIONS-\\d+|\\d+\\.(sst|log|blob)|.*\\.dbtmp");

    private StoreLayout() {}

    /**
     * Finishes or discards an interrupted snapshot install, then returns the directory to open
     * RocksDB in.
     */
    static Path databaseDir(Path memberDir) {
        try {
            recover(memberDir);
        } catch (IOException e) {
            throw new StorageException("cannot recover the store layout in " + memberDir, e);
        }
        Path db = memberDir.resolve(DB);
        if (!Files.exists(db) && Files.exists(memberDir.resolve("CURRENT"))) {
            return memberDir; // legacy layout
        }
        return db;
    }

    /** A complete install (marker present) rolls forward; an incomplete one is deleted. */
    static void recover(Path memberDir) throws IOException {
        Path db = memberDir.resolve(DB);
        Path installing = memberDir.resolve(INSTALLING);
        Path replaced = memberDir.resolve(REPLACED);
        if (Files.exists(installing)) {
            if (Files.exists(installing.resolve(INSTALLED_MARKER))) {
                if (Files.exists(db)) {
                    deleteTree(replaced);
                    Files.move(db, replaced, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(installing, db, StandardCopyOption.ATOMIC_MOVE);
                fsyncDir(memberDir);
                Files.delete(db.resolve(INSTALLED_MARKER));
            } else {
                deleteTree(installing);
            }
        }
        if (Files.exists(replaced)) {
            if (Files.exists(db)) {
                deleteTree(replaced);
            } else {
                Files.move(replaced, db, StandardCopyOption.ATOMIC_MOVE); // never swapped: keep it
            }
        }
        if (Files.exists(db) && Files.exists(memberDir.resolve("CURRENT"))) {
            deleteLegacyFiles(memberDir);
        }
    }

    /** Marks a built install complete (the commit point), durably. */
    static void markInstalled(Path installing) throws IOException {
        Path marker = installing.resolve(INSTALLED_MARKER);
        try (FileChannel ch = FileChannel.open(
                marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.force(true);
        }
        fsyncDir(installing);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteLegacyFiles(Path memberDir) throws IOException {
        Files.deleteIfExists(memberDir.resolve("CURRENT"));
        List<Path> files;
        try (Stream<Path> list = Files.list(memberDir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p ->
                            ROCKSDB_FILE.matcher(p.getFileName().toString()).matches())
                    .toList();
        }
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }

    private static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
