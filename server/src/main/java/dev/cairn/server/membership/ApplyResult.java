package dev.cairn.server.membership;

import dev.cairn.raft.ConfChange;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What applying one conf-change entry did. Immutable.
 *
 * @param raftChange the change to hand to {@code RawNode.applyConfChange}: the entry's own change,
 *     or, when the change was refused, the same change with node ID 0, which raft applies as no
 *     change at all (etcd's {@code cc.NodeID = raft.None}); raft must see every conf-change entry
 *     so its pending-change guard clears
 * @param members the member set after the entry
 * @param error why the change was refused at apply time, or null when it was applied
 * @param removedLocal the change removed this member: the driver stops serving (etcd exits with
 *     "the member has been permanently removed from the cluster")
 */
public record ApplyResult(
        ConfChange raftChange, MemberSet members, @Nullable MembershipException error, boolean removedLocal) {
    public ApplyResult {
        Objects.requireNonNull(raftChange, "raftChange");
        Objects.requireNonNull(members, "members");
    }

    public boolean applied() {
        return error == null;
    }
}
