package dev.cairn.storage.wal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import dev.cairn.storage.mvcc.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link RaftLogStore} as append-only segment files in one directory, the default raft log.
 *
 * <p>On disk: segments {@code <seq, 16 hex digits>.seg} of {@link Config#segmentBytes} each (64
 * MiB), numbered from 1 without gaps, holding records in the format of {@link LogRecords}. Every
 * segment is a file already written whole with zeros and fsynced before it gets its name ({@link
 * SegmentDirectory}), so a write overwrites allocated blocks and {@code force(false)} (fdatasync)
 * flushes data without journaling a new file size. A segment begins with a checkpoint (the
 * current hard state and snapshot metadata, as one write) followed by the writes, each its records
 * in one {@code write} call, then {@code force(false)} if it asked for sync. A write that does not
 * fit in the rest of the segment goes to the next one; the full segment is fsynced first, so only
 * the last segment can end torn.
 *
 * <p>Recovery ({@link SegmentReplay}) reads the live segments in order and replays their writes;
 * the end of the log is the first zero length or failed checksum in the last segment, and a torn
 * write there is dropped whole (and zeroed at open, so later writes overwrite it cleanly). A
 * segment whose entries are all below the first stored index is deleted (by the directory's
 * thread) once a later segment holds a synced checkpoint; a gap in the numbering left by an
 * interrupted deletion makes recovery start after the gap.
 *
 * <p>Thread-safe: every operation holds {@link #lock}, including the fsync (the server writes from
 * one driver thread, so group commit would buy nothing). A failed write or fsync fails the store:
 * every later write throws.
 */
final class SegmentedRaftLogStore implements RaftLogStore {
    /** Segment size and whether a background thread prepares spare segments. */
    record Config(long segmentBytes, boolean background) {
        static final Config DEFAULT = new Config(64L << 20, true);

        Config {
            if (segmentBytes < 4096 || segmentBytes % 4096 != 0) {
                throw new IllegalArgumentException("segment size must be a positive multiple of 4096: " + segmentBytes);
            }
        }
    }

    private static final int BUFFER_KEPT = 4 << 20;

    private final SegmentDirectory files;
    private final ReentrantLock lock = new ReentrantLock();

    /** The live segments, oldest first; the last is the one written. */
    @GuardedBy("lock")
    private final ArrayDeque<Segment> segments;

    @GuardedBy("lock")
    private FileChannel channel;

    @GuardedBy("lock")
    private long position;

    @GuardedBy("lock")
    private boolean dirty;

    @GuardedBy("lock")
    private LogRun run;

    @GuardedBy("lock")
    private Optional<ByteString> hardState;

    @GuardedBy("lock")
    private Optional<ByteString> snapshot;

    /** What open replayed, handed out by recover() until the first write. */
    @GuardedBy("lock")
    private @Nullable Recovered opened;

    @GuardedBy("lock")
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);

    @GuardedBy("lock")
    private boolean closed;

    @GuardedBy("lock")
    private @Nullable StorageException failure;

    /** A live segment: its number, file, size and highest entry index (0: none). */
    private static final class Segment {
        final long seq;
        final Path path;
        final long size;
        long maxIndex;

        Segment(long seq, Path path, long size, long maxIndex) {
            this.seq = seq;
            this.path = path;
            this.size = size;
            this.maxIndex = maxIndex;
        }
    }

    private SegmentedRaftLogStore(
            SegmentDirectory files, ArrayDeque<Segment> segments, FileChannel channel, long position, SegmentReplay r) {
        this.files = files;
        this.segments = segments;
        this.channel = channel;
        this.position = position;
        this.run = r.run();
        this.hardState = r.hardState();
        this.snapshot = r.snapshot();
        this.opened = r.recovered();
    }

    static SegmentedRaftLogStore open(Path dir) {
        return open(dir, Config.DEFAULT);
    }

    static SegmentedRaftLogStore open(Path dir, Config config) {
        SegmentDirectory files = new SegmentDirectory(dir, config.segmentBytes(), config.background());
        try {
            List<Long> seqs = liveSegments(files);
            if (seqs.isEmpty()) {
                files.promote(1, 0);
                seqs = List.of(1L);
            }
            List<Path> paths =
                    seqs.stream().map(s -> SegmentDirectory.segmentPath(dir, s)).toList();
            SegmentReplay replay = SegmentReplay.of(paths);
            ArrayDeque<Segment> segments = new ArrayDeque<>();
            for (int i = 0; i < paths.size(); i++) {
                Path p = paths.get(i);
                segments.add(new Segment(
                        seqs.get(i), p, Files.size(p), replay.scanned().get(i).maxIndex()));
            }
            Segment last = segments.getLast();
            long end = replay.scanned().get(paths.size() - 1).end();
            FileChannel ch = FileChannel.open(last.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                zeroTail(ch, last.path, end);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return new SegmentedRaftLogStore(files, segments, ch, end, replay);
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e instanceof StorageException se ? se : new StorageException("cannot open raft log in " + dir, e);
        }
    }

    /** The segments to read: those after the last gap in the numbering (older ones are deleted). */
    private static List<Long> liveSegments(SegmentDirectory files) {
        List<Long> seqs = files.segments();
        int from = 0;
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) != seqs.get(i - 1) + 1) {
                from = i;
            }
        }
        List<Path> stale = new ArrayList<>();
        for (int i = 0; i < from; i++) {
            stale.add(SegmentDirectory.segmentPath(files.dir(), seqs.get(i)));
        }
        files.deleteLater(stale);
        return seqs.subList(from, seqs.size());
    }

    /** Zeroes whatever a torn write left after {@code end}, so that later writes replace it cleanly. */
    private static void zeroTail(FileChannel ch, Path path, long end) throws IOException {
        ByteBuffer buf = SegmentReplay.map(path);
        int lastNonZero = -1;
        for (int i = buf.limit() - 8; i >= end; i -= 8) {
            if (buf.getLong(i) != 0) {
                lastNonZero = i + 7;
                break;
            }
        }
        if (lastNonZero < 0) {
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocate((int) (lastNonZero + 1 - end));
        long pos = end;
        while (zeros.hasRemaining()) {
            pos += ch.write(zeros, pos);
        }
        ch.force(false);
    }

    @Override
    public void write(LogWrite w) {
        lock.lock();
        try {
            if (closed) {
                throw new StorageException("raft log is closed");
            }
            StorageException failed = failure;
            if (failed != null) {
                throw new StorageException("raft log failed earlier and accepts no writes", failed);
            }
            LogRun next = run.after(w); // throws on a gap, before anything changes
            try {
                append(w);
                if (w.sync() && dirty) {
                    channel.force(false);
                    dirty = false;
                }
            } catch (IOException | RuntimeException e) {
                StorageException se = new StorageException("raft log write failed; the log accepts no more writes", e);
                failure = se;
                throw se;
            }
            run = next;
            if (w.hardState().isPresent()) {
                hardState = w.hardState();
            }
            if (w.snapshotMetadata().isPresent()) {
                snapshot = w.snapshotMetadata();
            }
            if (!w.entries().isEmpty()) {
                Segment current = segments.getLast();
                current.maxIndex = Math.max(
                        current.maxIndex,
                        w.entries().get(w.entries().size() - 1).index());
            }
            opened = null;
            if (!dirty && segments.size() > 1) {
                dropOldSegments();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code w}'s records (after a checkpoint at the head of a segment) with one write call. */
    @GuardedBy("lock")
    private void append(LogWrite w) throws IOException {
        int size = LogRecords.size(w);
        if (size == 0) {
            return;
        }
        LogWrite checkpoint = new LogWrite(hardState, List.of(), snapshot, 0, false);
        int total = size + LogRecords.size(checkpoint);
        boolean head = position == 0;
        if (!head && position + size > segments.getLast().size) {
            roll(total);
            head = true;
        } else if (head && total > segments.getLast().size) {
            roll(total);
        }
        ByteBuffer out = buffer(head ? total : size);
        if (head) {
            LogRecords.encode(checkpoint, out);
        }
        LogRecords.encode(w, out);
        out.flip();
        long pos = position;
        while (out.hasRemaining()) {
            pos += channel.write(out, pos);
        }
        position = pos;
        dirty = true;
    }

    /** Fsyncs the current segment and moves to a new one of at least {@code bytes}. */
    @GuardedBy("lock")
    private void roll(long bytes) throws IOException {
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
        long seq = segments.getLast().seq + 1;
        Path path = files.promote(seq, bytes);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE);
        channel.close();
        channel = ch;
        position = 0;
        segments.add(new Segment(seq, path, ch.size(), 0));
    }

    @GuardedBy("lock")
    private ByteBuffer buffer(int size) {
        if (size > BUFFER_KEPT) {
            return ByteBuffer.allocate(size);
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size - 1) << 1);
        }
        return buffer.clear().limit(size);
    }

    /**
     * After a synced write: hands the oldest segments whose entries are all below the stored run
     * to the directory for deletion. The current segment holds a synced checkpoint of the hard state
     * and snapshot metadata, so nothing older is needed for them.
     */
    @GuardedBy("lock")
    private void dropOldSegments() {
        if (position == 0) {
            return; // the current segment has no checkpoint yet
        }
        List<Path> doomed = new ArrayList<>();
        while (segments.size() > 1) {
            Segment oldest = segments.getFirst();
            if (!run.isEmpty() && oldest.maxIndex >= run.first()) {
                break;
            }
            doomed.add(segments.removeFirst().path);
        }
        if (!doomed.isEmpty()) {
            files.deleteLater(doomed);
        }
    }

    @Override
    public Recovered recover() {
        lock.lock();
        try {
            if (closed) {
                throw new StorageException("raft log is closed");
            }
            Recovered r = opened;
            if (r != null) {
                return r;
            }
            List<Path> paths = segments.stream().map(s -> s.path).toList();
            SegmentReplay replay = SegmentReplay.of(paths);
            long end = replay.scanned().get(paths.size() - 1).end();
            if (end != position) {
                throw new StorageException(
                        "raft log segment " + segments.getLast().path.getFileName() + " is corrupt: it ends at offset "
                                + end + ", written up to " + position);
            }
            return replay.recovered();
        } finally {
            lock.unlock();
        }
    }

    /** Fsyncs unsynced writes, closes the segment and stops the directory's thread. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (dirty && failure == null) {
                    channel.force(false);
                }
                channel.close();
            } catch (IOException e) {
                throw new StorageException("cannot close raft log in " + files.dir(), e);
            } finally {
                files.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
