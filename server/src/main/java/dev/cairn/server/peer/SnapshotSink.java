package dev.cairn.server.peer;

import com.google.protobuf.ByteString;
import java.io.IOException;

/**
 * Receives the data of one incoming snapshot, chunk by chunk, in the order and with the chunk
 * boundaries the sender's {@link SnapshotSource} produced. It ends with {@link #finish()} or
 * {@link #abort()}; a {@code finish} that throws is followed by {@code abort}.
 *
 * <p>Called by one gRPC call's thread at a time (grpc-java serialises a call's callbacks); may
 * block on disk writes.
 */
public interface SnapshotSink {

    /** The next piece of data. */
    void write(ByteString chunk) throws IOException;

    /**
     * Every chunk arrived. The sender is told of success only after this returns normally; a
     * thrown exception reports failure to the sender.
     */
    void finish() throws IOException;

    /** The transfer failed or was cancelled; discard what was written. */
    void abort();
}
