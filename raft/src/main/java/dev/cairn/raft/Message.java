package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Objects;

/**
 * A raft message between nodes (or a local one stepped into a node). Immutable. Field meanings are
 * etcd's raftpb.Message: {@code logTerm}/{@code index} locate the entry preceding {@code entries}
 * in an append (or the candidate's last entry in a vote request, or the acknowledged/rejected index
 * in an append response); {@code rejectHint} (with {@code logTerm}) lets the leader skip back fast.
 * {@code context} carries a ReadIndex request context (heartbeats, READ_INDEX, READ_INDEX_RESP) or
 * the marker of a transfer-triggered campaign (VOTE, PRE_VOTE).
 */
public record Message(
        MessageType type,
        long to,
        long from,
        long term,
        long logTerm,
        long index,
        List<Entry> entries,
        long commit,
        Snapshot snapshot,
        boolean reject,
        long rejectHint,
        ByteString context) {
    public Message {
        Objects.requireNonNull(type, "type");
        entries = List.copyOf(entries);
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(context, "context");
    }

    /** A builder with every field zero or empty. */
    public static Builder builder(MessageType type) {
        return new Builder(type);
    }

    /** A builder initialised from this message. */
    public Builder toBuilder() {
        return new Builder(type)
                .to(to)
                .from(from)
                .term(term)
                .logTerm(logTerm)
                .index(index)
                .entries(entries)
                .commit(commit)
                .snapshot(snapshot)
                .reject(reject)
                .rejectHint(rejectHint)
                .context(context);
    }

    /** Builds a {@link Message}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private final MessageType type;
        private long to;
        private long from;
        private long term;
        private long logTerm;
        private long index;
        private List<Entry> entries = List.of();
        private long commit;
        private Snapshot snapshot = Snapshot.EMPTY;
        private boolean reject;
        private long rejectHint;
        private ByteString context = ByteString.EMPTY;

        private Builder(MessageType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder to(long value) {
            to = value;
            return this;
        }

        public Builder from(long value) {
            from = value;
            return this;
        }

        public Builder term(long value) {
            term = value;
            return this;
        }

        public Builder logTerm(long value) {
            logTerm = value;
            return this;
        }

        public Builder index(long value) {
            index = value;
            return this;
        }

        public Builder entries(List<Entry> value) {
            entries = List.copyOf(value);
            return this;
        }

        public Builder commit(long value) {
            commit = value;
            return this;
        }

        public Builder snapshot(Snapshot value) {
            snapshot = Objects.requireNonNull(value, "snapshot");
            return this;
        }

        public Builder reject(boolean value) {
            reject = value;
            return this;
        }

        public Builder rejectHint(long value) {
            rejectHint = value;
            return this;
        }

        public Builder context(ByteString value) {
            context = Objects.requireNonNull(value, "context");
            return this;
        }

        public Message build() {
            return new Message(
                    type, to, from, term, logTerm, index, entries, commit, snapshot, reject, rejectHint, context);
        }
    }
}
