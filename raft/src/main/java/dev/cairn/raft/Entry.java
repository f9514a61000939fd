package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.Objects;

/**
 * One raft log entry. Immutable.
 *
 * @param term the leader's term when the entry was created
 * @param index the position in the log, from 1
 * @param type normal or configuration change
 * @param data the command; empty for the leader's no-op
 */
public record Entry(long term, long index, EntryType type, ByteString data) {
    public Entry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** A normal entry. */
    public static Entry normal(long term, long index, ByteString data) {
        return new Entry(term, index, EntryType.NORMAL, data);
    }
}
