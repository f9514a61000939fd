package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.Objects;

/** A member to bootstrap a new cluster with, see {@link RawNode#bootstrap}. */
public record Peer(long id, ByteString context) {
    public Peer {
        Objects.requireNonNull(context, "context");
        if (id == 0) {
            throw new IllegalArgumentException("peer id must not be 0");
        }
    }
}
