package dev.cairn.server.membership;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster's members and the IDs removed from it, as applied from the log. A removed ID can never
 * be added again, and messages from it are ignored. Immutable: every change returns a new set.
 * Members are ordered by ID as unsigned numbers, which is the order etcd lists them in.
 */
public final class MemberSet {
    /** No members: a member that has not bootstrapped, joined or restored yet. */
    public static final MemberSet EMPTY = new MemberSet(new TreeMap<>(Long::compareUnsigned), new TreeSet<>());

    private final SortedMap<Long, ClusterMember> members;
    private final SortedSet<Long> removed;

    private MemberSet(SortedMap<Long, ClusterMember> members, SortedSet<Long> removed) {
        this.members = Collections.unmodifiableSortedMap(members);
        this.removed = Collections.unmodifiableSortedSet(removed);
    }

    /** A set of {@code members} (IDs distinct) and {@code removed} IDs (disjoint from the members). */
    public static MemberSet of(Collection<ClusterMember> members, Collection<Long> removed) {
        TreeMap<Long, ClusterMember> byId = new TreeMap<>(Long::compareUnsigned);
        for (ClusterMember m : members) {
            if (byId.put(m.id(), m) != null) {
                throw new IllegalArgumentException("member " + Long.toHexString(m.id()) + " given twice");
            }
        }
        TreeSet<Long> gone = new TreeSet<>(Long::compareUnsigned);
        gone.addAll(removed);
        for (Long id : gone) {
            if (byId.containsKey(id)) {
                throw new IllegalArgumentException("member " + Long.toHexString(id) + " is both present and removed");
            }
        }
        return new MemberSet(byId, gone);
    }

    /** Every member, by ID ascending (unsigned). */
    public List<ClusterMember> members() {
        return List.copyOf(members.values());
    }

    /** The voting members, by ID ascending. */
    public List<ClusterMember> voters() {
        return members.values().stream().filter(m -> !m.learner()).toList();
    }

    /** The learners, by ID ascending. */
    public List<ClusterMember> learners() {
        return members.values().stream().filter(ClusterMember::learner).toList();
    }

    public Optional<ClusterMember> member(long id) {
        return Optional.ofNullable(members.get(id));
    }

    public boolean contains(long id) {
        return members.containsKey(id);
    }

    /** True for an ID that was a member and was removed. */
    public boolean isRemoved(long id) {
        return removed.contains(id);
    }

    /** The removed IDs, ascending (unsigned). */
    public List<Long> removedIds() {
        return List.copyOf(removed);
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The peer URL {@code url} is used by a member other than {@code except} (0: by any member). */
    public boolean peerUrlUsed(String url, long except) {
        return members.values().stream()
                .anyMatch(m -> m.id() != except && m.peerUrls().contains(url));
    }

    MemberSet with(ClusterMember m) {
        TreeMap<Long, ClusterMember> next = new TreeMap<>(members);
        next.put(m.id(), m);
        return new MemberSet(next, new TreeSet<>(removed));
    }

    MemberSet without(long id) {
        TreeMap<Long, ClusterMember> next = new TreeMap<>(members);
        next.remove(id);
        TreeSet<Long> gone = new TreeSet<>(removed);
        gone.add(id);
        return new MemberSet(next, gone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberSet other && members.equals(other.members) && removed.equals(other.removed);
    }

    @Override
    public int hashCode() {
        return 31 * members.hashCode() + removed.hashCode();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        members.values().forEach(m -> parts.add(Long.toHexString(m.id()) + (m.learner() ? "(learner)" : "")));
        return "MemberSet{members=" + parts + ", removed="
                + removed.stream().map(Long::toHexString).toList() + "}";
    }
}
