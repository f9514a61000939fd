package dev.cairn.server.peer;

/**
 * What the transport reports back to the raft driver; the names mirror {@code RawNode}'s. Called
 * on transport threads or on the thread calling {@link PeerTransport#send}: implementations must
 * be thread-safe and must not block (post to the driver's thread).
 */
public interface PeerReports {

    /** A message to {@code peerId} was dropped or its connection failed. */
    void reportUnreachable(long peerId);

    /** A snapshot sent to {@code peerId} was installed by it ({@code ok}) or failed. */
    void reportSnapshot(long peerId, boolean ok);
}
