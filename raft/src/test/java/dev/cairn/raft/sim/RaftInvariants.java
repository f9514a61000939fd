package dev.cairn.raft.sim;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import dev.cairn.raft.Entry;
import dev.cairn.raft.MemoryStorage;
import dev.cairn.raft.Snapshot;
import dev.cairn.raft.StateType;
import dev.cairn.raft.Status;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raft's safety properties, checked incrementally as the simulation runs; each violation throws an
 * {@link AssertionError} saying which. Owned by the simulation's single thread.
 *
 * <ul>
 *   <li>Election safety: at most one leader per term.
 *   <li>Log matching, over the durable logs: an (index, term) names one entry, and always follows
 *       the same term at index - 1 (so by induction two logs that share an (index, term) share the
 *       whole prefix).
 *   <li>Committed entries never change: the first log to report commit index c fixes the entries up
 *       to c; every later report and every applied entry must agree; no durable log ever drops an
 *       entry it held once that entry is committed; and every committed entry stays durable on
 *       enough voters of the latest configuration that every quorum holds it (checked after
 *       crashes and at the end).
 *   <li>Leader completeness: a leader of term T holds every entry committed in a term before T.
 *   <li>State machine safety: members that applied index i have the same digest of entries 1..i,
 *       also when they got there through a snapshot.
 * </ul>
 */
final class RaftInvariants implements SimDisk.Listener {

    private record IndexTerm(long index, long term) {}

    private record LeaderCheck(long term, long checkedUpTo) {}

    private final Map<Long, Long> leaderOfTerm = new HashMap<>();
    private final Map<IndexTerm, Entry> entryAt = new HashMap<>();
    private final Map<IndexTerm, Long> prevTermAt = new HashMap<>();
    private final Map<Long, Entry> committed = new HashMap<>();
    private final Map<Long, Long> commitTerm = new HashMap<>();
    private final Map<Long, Long> verifiedCommit = new HashMap<>();
    private final Map<Long, LeaderCheck> leaderChecks = new HashMap<>();
    private final Map<Long, Long> digestAt = new HashMap<>();
    private long maxCommit;

    long maxCommit() {
        return maxCommit;
    }

    int terms() {
        return leaderOfTerm.size();
    }

    @Override
    public void entryDurable(long node, Entry e, long prevTerm) {
        IndexTerm at = new IndexTerm(e.index(), e.term());
        Entry known = entryAt.putIfAbsent(at, e);
        if (known != null && !known.equals(e)) {
            fail("log matching: node %d made %s durable where another log holds %s", node, e, known);
        }
        Long knownPrev = prevTermAt.putIfAbsent(at, prevTerm);
        if (knownPrev != null && knownPrev != prevTerm) {
            fail(
                    "log matching: node %d has entry %d of term %d after term %d, another log after term %d",
                    node, e.index(), e.term(), prevTerm, knownPrev);
        }
    }

    @Override
    public void entryDropped(long node, Entry old) {
        if (old.equals(committed.get(old.index()))) {
            fail("node %d dropped committed entry %s from its durable log", node, old);
        }
    }

    /** Node {@code node} (in {@code term}) says entries up to {@code commit} of {@code log} are committed. */
    void commitReported(long node, long term, long commit, MemoryStorage log) {
        long from = verifiedCommit.getOrDefault(node, 0L) + 1;
        if (commit < from) {
            return;
        }
        if (commit > log.lastIndex()) {
            fail("node %d reports commit %d beyond its last index %d", node, commit, log.lastIndex());
        }
        long lo = Math.max(from, log.firstIndex());
        while (lo <= commit) {
            List<Entry> es = log.entries(lo, commit + 1, Long.MAX_VALUE);
            for (Entry e : es) {
                commit(node, e, term);
            }
            lo += es.size();
        }
        verifiedCommit.put(node, commit);
        maxCommit = Math.max(maxCommit, commit);
    }

    /** A restarted node verifies its commit index afresh. */
    void restarted(long node) {
        verifiedCommit.remove(node);
        leaderChecks.remove(node);
    }

    /** An entry handed to {@code node} to apply must be the committed one. */
    void checkApplied(long node, Entry e) {
        Entry c = committed.get(e.index());
        if (c == null) {
            fail("node %d was handed %s to apply, beyond every commit index reported", node, e);
        } else if (!c.equals(e)) {
            fail("node %d was handed %s to apply, but %s is committed there", node, e, c);
        }
    }

    /** {@code node} applied {@code e}; its state machine digest is now {@code digest}. */
    void applied(long node, Entry e, long digest) {
        Long d = digestAt.putIfAbsent(e.index(), digest);
        if (d != null && d != digest) {
            fail(
                    "state machines diverge: node %d after applying index %d differs from another member",
                    node, e.index());
        }
    }

    /** {@code node} installed snapshot {@code s}; its state machine digest is now {@code digest}. */
    void restored(long node, Snapshot s, long digest) {
        long index = s.metadata().index();
        Long d = digestAt.putIfAbsent(index, digest);
        if (d != null && d != digest) {
            fail(
                    "state machines diverge: node %d installed a snapshot at %d unlike the members that applied it",
                    node, index);
        }
        Entry c = committed.get(index);
        if (c != null && c.term() != s.metadata().term()) {
            fail(
                    "node %d installed a snapshot at %d of term %d, but %s is committed there",
                    node, index, s.metadata().term(), c);
        }
    }

    /**
     * Checks the leader-side properties of {@code node} after an event that touched it; true if it
     * just became the first leader of its term.
     */
    boolean observe(SimNode node) {
        Status st = node.status();
        MemoryStorage log = node.log();
        if (st == null || log == null || st.ss().raftState() != StateType.LEADER) {
            return false;
        }
        long term = st.hs().term();
        Long other = leaderOfTerm.putIfAbsent(term, node.id());
        if (other != null && other != node.id()) {
            fail("two leaders in term %d: nodes %d and %d", term, other, node.id());
        }
        LeaderCheck lc = leaderChecks.get(node.id());
        long from = lc != null && lc.term() == term ? lc.checkedUpTo() + 1 : 1;
        for (long i = Math.max(from, log.firstIndex()); i <= maxCommit; i++) {
            Entry c = committed.get(i);
            Long ct = commitTerm.get(i);
            if (c == null || ct == null || ct >= term) {
                continue;
            }
            if (i > log.lastIndex() || log.term(i) != c.term()) {
                fail(
                        "leader completeness: node %d leads term %d without committed %s (committed in term %d)",
                        node.id(), term, c, ct);
            }
        }
        leaderChecks.put(node.id(), new LeaderCheck(term, maxCommit));
        return other == null;
    }

    /**
     * Every committed entry is durable (in the log or under a snapshot) on enough of {@code voters}
     * that every quorum of them includes a holder: a quorum for an odd count, half for an even one
     * (a voter just added may still be catching up).
     */
    void checkQuorumDurable(Collection<SimNode> voters) {
        int quorum = voters.size() - (voters.size() / 2 + 1) + 1;
        for (long i = 1; i <= maxCommit; i++) {
            Entry c = committed.get(i);
            if (c == null) {
                continue;
            }
            int holders = 0;
            for (SimNode n : voters) {
                SimDisk d = n.disk();
                if (d.snapshot().metadata().index() >= i || c.equals(d.entry(i))) {
                    holders++;
                }
            }
            if (holders < quorum) {
                fail("committed %s is durable on only %d of %d voters", c, holders, voters.size());
            }
        }
    }

    private void commit(long node, Entry e, long term) {
        Entry known = committed.putIfAbsent(e.index(), e);
        if (known != null && !known.equals(e)) {
            fail("committed entry changed: node %d commits %s where %s was committed", node, e, known);
        }
        commitTerm.putIfAbsent(e.index(), term);
    }

    @FormatMethod
    private static void fail(@FormatString String format, Object... args) {
        throw new AssertionError(String.format(format, args));
    }
}
