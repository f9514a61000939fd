package dev.cairn.server.peer;

import com.google.protobuf.ByteString;
import dev.cairn.raft.Message;
import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the data of an outgoing snapshot: the driver opens the state machine's snapshot (the
 * MVCC export) for a {@code SNAP} message raft wants sent. Thread-safe: called on the transport's
 * snapshot threads.
 */
@FunctionalInterface
public interface SnapshotSource {

    /** The data of the snapshot that {@code message} carries. */
    Data open(Message message) throws IOException;

    /** One pass over a snapshot's data. Used by one thread; closed by the transport. */
    interface Data extends Closeable {
        /** The next chunk, or null at the end. */
        @Nullable
        ByteString next() throws IOException;
    }

    /**
     * A source that sends the message's own snapshot data ({@code message.snapshot().data()}) in
     * chunks of at most {@code chunkBytes}.
     */
    static SnapshotSource inline(int chunkBytes) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
        return message -> {
            ByteString data = message.snapshot().data();
            return new Data() {
                private int offset;

                @Override
                public @Nullable ByteString next() {
                    if (offset >= data.size()) {
                        return null;
                    }
                    int end = Math.min(data.size(), offset + chunkBytes);
                    ByteString chunk = data.substring(offset, end);
                    offset = end;
                    return chunk;
                }

                @Override
                public void close() {}
            };
        };
    }
}
