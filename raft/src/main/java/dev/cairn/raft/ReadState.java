package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.Objects;

/**
 * The answer to {@link RawNode#readIndex}: once the local applied index reaches {@code index}, a
 * read issued with {@code requestCtx} is linearizable.
 */
public record ReadState(long index, ByteString requestCtx) {
    public ReadState {
        Objects.requireNonNull(requestCtx, "requestCtx");
    }
}
