package dev.cairn.storage.wal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cairn.storage.mvcc.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The files of a {@link SegmentedRaftLogStore}: segments named {@code <seq as 16 hex digits>.seg}
 * and spare files {@code spare-<n>.tmp}, each written whole with zeros and fsynced (file and
 * directory) before use, so that the writer only ever overwrites allocated, written blocks. A spare
 * becomes the next segment by a rename and a directory fsync ({@link #promote}).
 *
 * <p>Thread-safe. Owns one daemon thread, {@code cairn-wal-segments} (when started with {@code
 * background}), which keeps one spare ready and deletes the segments handed to {@link
 * #deleteLater}, in order; {@link #close} stops it after its current step and joins it.
 */
final class SegmentDirectory implements AutoCloseable {
    private static final String SEGMENT_SUFFIX = ".seg";
    private static final String SPARE_SUFFIX = ".tmp";
    private static final int ZEROS = 1 << 20;

    private final Path dir;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    @GuardedBy("lock")
    private final ArrayDeque<Path> spares = new ArrayDeque<>();

    @GuardedBy("lock")
    private final ArrayDeque<Path> doomed = new ArrayDeque<>();

    @GuardedBy("lock")
    private long nextSpare;

    @GuardedBy("lock")
    private boolean stopping;

    private final @Nullable Thread thread;

    /** Opens {@code dir} (creating it), deleting spares left by an earlier run. */
    SegmentDirectory(Path dir, long segmentBytes, boolean background) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "*" + SPARE_SUFFIX)) {
                for (Path p : leftovers) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot open raft log directory " + dir, e);
        }
        thread = background
                ? Thread.ofPlatform().name("cairn-wal-segments").daemon().unstarted(this::run)
                : null;
        if (thread != null) {
            thread.start();
        }
    }

    Path dir() {
        return dir;
    }

    static Path segmentPath(Path dir, long seq) {
        return dir.resolve(String.format("%016x%s", seq, SEGMENT_SUFFIX));
    }

    /** The sequence numbers of the segments on disk, ascending. */
    List<Long> segments() {
        List<Long> seqs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SEGMENT_SUFFIX)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                try {
                    seqs.add(Long.parseUnsignedLong(name.substring(0, name.length() - SEGMENT_SUFFIX.length()), 16));
                } catch (NumberFormatException e) {
                    throw new StorageException("unexpected file in the raft log directory: " + p, e);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list raft log directory " + dir, e);
        }
        seqs.sort(null);
        return seqs;
    }

    /**
     * Makes segment {@code seq} from a zero-filled file of at least {@code minBytes}: the ready
     * spare if there is one and it is large enough, else one created here and now.
     */
    Path promote(long seq, long minBytes) throws IOException {
        @Nullable Path spare = null;
        lock.lock();
        try {
            if (minBytes <= segmentBytes) {
                spare = spares.poll();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (spare == null) {
            spare = createSpare(Math.max(segmentBytes, LogRecords.align(minBytes)));
            if (spare == null) {
                throw new IOException("raft log is closing");
            }
        }
        Path target = segmentPath(dir, seq);
        Files.move(spare, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
        return target;
    }

    /**
     * Queues old segments for deletion, in order, by the background thread (at once without one).
     * A deletion that fails is left alone: recovery reads from the first segment after a gap.
     */
    void deleteLater(List<Path> segments) {
        if (thread == null) {
            delete(segments);
            return;
        }
        lock.lock();
        try {
            doomed.addAll(segments);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void delete(List<Path> segments) {
        for (Path p : segments) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // Harmless: a segment left behind is either replayed (still correct) or skipped.
            }
        }
    }

    /** Writes a new spare of {@code bytes} zeros and fsyncs it; null if stopped meanwhile. */
    private @Nullable Path createSpare(long bytes) throws IOException {
        Path p;
        lock.lock();
        try {
            p = dir.resolve("spare-" + nextSpare++ + SPARE_SUFFIX);
        } finally {
            lock.unlock();
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZEROS);
            long pos = 0;
            while (pos < bytes) {
                if (isStopping()) {
                    return null;
                }
                zeros.clear().limit((int) Math.min(ZEROS, bytes - pos));
                while (zeros.hasRemaining()) {
                    pos += ch.write(zeros, pos);
                }
            }
            ch.force(true);
        }
        syncDirectory(dir);
        return p;
    }

    private boolean isStopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** The background thread: deletes what is doomed, keeps one spare ready, until stopped. */
    private void run() {
        try {
            while (true) {
                List<Path> delete;
                boolean needSpare;
                lock.lock();
                try {
                    while (!stopping && doomed.isEmpty() && !spares.isEmpty()) {
                        changed.awaitUninterruptibly();
                    }
                    delete = new ArrayList<>(doomed);
                    doomed.clear();
                    needSpare = !stopping && spares.isEmpty();
                    if (stopping && delete.isEmpty()) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                delete(delete);
                if (needSpare) {
                    Path spare = createSpare(segmentBytes);
                    if (spare != null) {
                        lock.lock();
                        try {
                            spares.add(spare);
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not fatal: the writer creates its segments itself from now on, and reports failures.
        }
    }

    /** Stops the background thread after its current step and waits for it. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
