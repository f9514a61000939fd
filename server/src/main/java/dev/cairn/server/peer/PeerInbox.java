package dev.cairn.server.peer;

import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.raft.Message;
import java.io.IOException;

/**
 * Where {@link PeerServer} delivers what other members send; implemented by the raft driver.
 *
 * <p>Implementations must be thread-safe: the methods are called on grpc-java's threads,
 * concurrently for different connections, and should hand work to the driver's thread instead of
 * blocking.
 */
public interface PeerInbox {

    /** One message of a {@code Stream} batch, in the order the sender queued it. */
    void receive(Message message);

    /**
     * A snapshot is arriving. {@code header} is the {@code SNAP} message with the snapshot's
     * metadata and no data; the data comes in order through the returned sink. The driver steps
     * the message into raft once the sink is {@linkplain SnapshotSink#finish() finished}.
     *
     * @throws IOException if the snapshot cannot be accepted now (the sender gets a failure and
     *     reports it to raft)
     */
    SnapshotSink receiveSnapshot(Message header) throws IOException;

    /** The cluster id and the current members, for the {@code Members} RPC. */
    MembersResponse members();
}
