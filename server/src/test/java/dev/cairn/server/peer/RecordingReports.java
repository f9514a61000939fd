package dev.cairn.server.peer;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** {@link PeerReports} recorded in queues, for tests. Thread-safe. */
final class RecordingReports implements PeerReports {
    record SnapshotReport(long peerId, boolean ok) {}

    final BlockingQueue<Long> unreachable = new LinkedBlockingQueue<>();
    final BlockingQueue<SnapshotReport> snapshots = new LinkedBlockingQueue<>();

    @Override
    public void reportUnreachable(long peerId) {
        unreachable.add(peerId);
    }

    @Override
    public void reportSnapshot(long peerId, boolean ok) {
        snapshots.add(new SnapshotReport(peerId, ok));
    }
}
