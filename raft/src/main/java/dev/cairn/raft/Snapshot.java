package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.Objects;

/** A snapshot: metadata plus the application's opaque state. Immutable. */
public record Snapshot(SnapshotMetadata metadata, ByteString data) {
    /** No snapshot: index 0. */
    public static final Snapshot EMPTY = new Snapshot(new SnapshotMetadata(0, 0, ConfState.EMPTY), ByteString.EMPTY);

    public Snapshot {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(data, "data");
    }

    /** Whether this is no snapshot (index 0). */
    public boolean isEmpty() {
        return metadata.index() == 0;
    }
}
