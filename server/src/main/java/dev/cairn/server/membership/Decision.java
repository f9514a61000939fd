package dev.cairn.server.membership;

import dev.cairn.raft.ConfChange;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The outcome of checking a membership request before proposing it: a change, or etcd's error. */
public sealed interface Decision {
    /**
     * Propose {@code change}.
     *
     * @param member the member a MemberAdd creates (null for other requests)
     */
    record Propose(ConfChange change, @Nullable ClusterMember member) implements Decision {
        public Propose {
            Objects.requireNonNull(change, "change");
        }
    }

    /** Refuse with {@code error}; nothing is proposed. */
    record Reject(MembershipException error) implements Decision {
        public Reject {
            Objects.requireNonNull(error, "error");
        }
    }
}
