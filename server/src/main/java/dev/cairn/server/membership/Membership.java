package dev.cairn.server.membership;

import dev.cairn.proto.raftpb.MemberAttributes;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfChangeType;
import dev.cairn.storage.mvcc.WriteTxn;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's membership on this member: the {@link MemberSet} applied from the log, changed only
 * by applying conf-change entries and published attributes, each inside the store transaction that
 * records the entry's index.
 *
 * <p>Thread-safety: {@link #apply}, {@link #applyAttributes} and {@link #restore} are called by the
 * apply thread only (one at a time, in log order); {@link #current} may be read from any thread and
 * returns the last applied set (a volatile, immutable snapshot).
 */
public final class Membership {
    private final long localId;
    private final int maxLearners;
    private volatile MemberSet current;

    /**
     * @param localId this member's ID
     * @param restored the set restored from the store ({@link ClusterRecords#restore}), {@link
     *     MemberSet#EMPTY} for a new or joining member
     * @param maxLearners {@code --max-learners}
     */
    public Membership(long localId, MemberSet restored, int maxLearners) {
        this.localId = localId;
        this.current = Objects.requireNonNull(restored, "restored");
        this.maxLearners = maxLearners;
    }

    public long localId() {
        return localId;
    }

    /** The members as last applied. */
    public MemberSet current() {
        return current;
    }

    /** True when {@code id} was removed: the transport drops its messages, as etcd does. */
    public boolean isRemoved(long id) {
        return current.isRemoved(id);
    }

    /**
     * Applies one committed conf-change entry: checks it against the current set (etcd's
     * ValidateConfigurationChange), and if it passes changes the set and writes the changed records
     * to {@code sink}. A refused change writes nothing and is still applied to raft as no change
     * ({@link ApplyResult#raftChange()}).
     */
    public ApplyResult apply(ConfChange cc, ClusterRecordSink sink) {
        MemberSet before = current;
        MembershipException refused = ReconfigRules.validate(before, cc, maxLearners);
        if (refused != null) {
            return new ApplyResult(new ConfChange(cc.type(), 0, cc.context()), before, refused, false);
        }
        long id = cc.nodeId();
        MemberSet after = switch (cc.type()) {
            case ADD_NODE, ADD_LEARNER_NODE -> {
                ClusterMember m = MemberChanges.isPromote(cc)
                        ? before.member(id).orElseThrow().promoted()
                        : ClusterMember.fromRecord(MemberChanges.record(cc));
                ClusterRecords.saveMember(sink, m);
                yield before.with(m);
            }
            case REMOVE_NODE -> {
                ClusterRecords.saveRemoved(sink, id);
                yield before.without(id);
            }
            case UPDATE_NODE -> {
                ClusterMember m = before.member(id)
                        .orElseThrow()
                        .withPeerUrls(MemberChanges.record(cc).getPeerUrlsList());
                ClusterRecords.saveMember(sink, m);
                yield before.with(m);
            }
        };
        current = after;
        return new ApplyResult(cc, after, null, cc.type() == ConfChangeType.REMOVE_NODE && id == localId);
    }

    /** {@link #apply(ConfChange, ClusterRecordSink)} into {@code txn}, the entry's store transaction. */
    public ApplyResult apply(ConfChange cc, WriteTxn txn) {
        return apply(cc, ClusterRecords.sink(txn));
    }

    /** {@link #applyAttributes(long, String, List, ClusterRecordSink)} into {@code txn}. */
    public boolean applyAttributes(long memberId, String name, List<String> clientUrls, WriteTxn txn) {
        return applyAttributes(memberId, name, clientUrls, ClusterRecords.sink(txn));
    }

    /** {@link #applyAttributes(long, String, List, ClusterRecordSink)} of a published body. */
    public boolean applyAttributes(MemberAttributes published, WriteTxn txn) {
        return applyAttributes(
                published.getMemberId(), published.getName(), published.getClientUrlsList(), ClusterRecords.sink(txn));
    }

    /**
     * Applies a member's published name and client URLs (the replicated {@code member_attributes}
     * request a member proposes once it is up, etcd's ClusterMemberAttrSetRequest). From then on
     * the member counts as started.
     *
     * @return false when {@code memberId} is not a member (removed meanwhile: skipped, as etcd
     *     does; never a member: etcd panics, Cairn skips too since a committed entry cannot be
     *     taken back)
     */
    public boolean applyAttributes(long memberId, String name, List<String> clientUrls, ClusterRecordSink sink) {
        MemberSet before = current;
        ClusterMember m = before.member(memberId).orElse(null);
        if (m == null) {
            return false;
        }
        ClusterMember published = m.withAttributes(name, clientUrls);
        ClusterRecords.saveMember(sink, published);
        current = before.with(published);
        return true;
    }

    /**
     * Replaces the set after a snapshot was installed (its cluster records came with it): {@link
     * ClusterRecords#restore} of the new records.
     */
    public void restore(MemberSet restored) {
        current = Objects.requireNonNull(restored, "restored");
    }
}
