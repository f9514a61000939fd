package dev.cairn.raft.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides whether a history of reads and writes of registers is linearizable, one key at a time
 * (registers are independent, so a history is linearizable iff each key's sub-history is).
 * Stateless.
 *
 * <p>The search is Wing and Gong's, with Lowe's memo of visited configurations: walk the calls and
 * returns in real-time order; at a call, try to make the operation take effect now (a write
 * always can; a read only if it returns the register's current value) and restart from the first
 * remaining event; at a return whose operation has not taken effect yet, undo the most recent
 * choice. A configuration (the set of operations that took effect, the register's value) is never
 * explored twice, which keeps histories with few concurrent operations linear in practice.
 *
 * <p>Written values are unique per key, so the register's value names the write that made it.
 * Before searching: a write that never answered and that no read saw is dropped (it may never have
 * taken effect, and dropping it cannot hide a violation); a read of a value no write wrote fails at
 * once.
 */
final class LinearizabilityChecker {

    /** The outcome: linearizable, or why not. */
    record Verdict(boolean linearizable, String explanation) {
        static final Verdict OK = new Verdict(true, "linearizable");
    }

    private LinearizabilityChecker() {}

    /** Checks every key of {@code history}; the first violation found, in key order, wins. */
    static Verdict check(List<Op> history) {
        Map<String, List<Op>> byKey =
                history.stream().collect(Collectors.groupingBy(Op::key, TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Op>> e : byKey.entrySet()) {
            Verdict v = checkKey(e.getKey(), e.getValue());
            if (!v.linearizable()) {
                return v;
            }
        }
        return Verdict.OK;
    }

    /** Checks the operations of one key. */
    static Verdict checkKey(String key, List<Op> ops) {
        Set<Long> seen = new HashSet<>();
        Set<Long> written = new HashSet<>();
        for (Op op : ops) {
            if (op.kind() == Op.Kind.READ && op.value() != 0) {
                seen.add(op.value());
            }
            if (op.kind() == Op.Kind.WRITE && (op.value() == 0 || !written.add(op.value()))) {
                throw new IllegalArgumentException("write values must be unique and not 0: " + op);
            }
        }
        List<Op> relevant = new ArrayList<>();
        for (Op op : ops) {
            if (op.kind() == Op.Kind.READ && op.pending()) {
                continue;
            }
            if (op.kind() == Op.Kind.WRITE && op.pending() && !seen.contains(op.value())) {
                continue;
            }
            if (op.kind() == Op.Kind.READ && op.value() != 0 && !written.contains(op.value())) {
                return new Verdict(false, "key " + key + ": " + op + " read a value that no write wrote");
            }
            relevant.add(op);
        }
        return new Search(key, relevant).run();
    }

    /** One Wing-Gong-Lowe search over one key's operations; single use. */
    private static final class Search {
        private final String key;
        private final List<Op> ops;
        private final int head;
        private final int[] next;
        private final int[] prev;
        private final int[] entryOp;
        private final boolean[] isCall;
        private final int[] callEntry;
        private final int[] returnEntry;
        private List<Op> bestPrefix = List.of();
        private Op blocking;

        Search(String key, List<Op> ops) {
            this.key = key;
            this.ops = ops;
            int n = ops.size();
            int entries = 2 * n;
            head = entries;
            next = new int[entries + 1];
            prev = new int[entries + 1];
            entryOp = new int[entries];
            isCall = new boolean[entries];
            callEntry = new int[n];
            returnEntry = new int[n];
            long[] time = new long[entries];
            for (int i = 0; i < n; i++) {
                entryOp[2 * i] = i;
                isCall[2 * i] = true;
                time[2 * i] = ops.get(i).invoke();
                entryOp[2 * i + 1] = i;
                time[2 * i + 1] = ops.get(i).response();
            }
            // Real-time order; at equal times calls first, so touching operations count as concurrent.
            List<Integer> order = new ArrayList<>();
            for (int e = 0; e < entries; e++) {
                order.add(e);
            }
            order.sort(Comparator.<Integer>comparingLong(e -> time[e]).thenComparing(e -> !isCall[e]));
            int last = head;
            for (int e : order) {
                next[last] = e;
                prev[e] = last;
                last = e;
                if (isCall[e]) {
                    callEntry[entryOp[e]] = e;
                } else {
                    returnEntry[entryOp[e]] = e;
                }
            }
            next[last] = -1;
            blocking = ops.isEmpty() ? Op.read(0, key, 0, 0, 1) : ops.get(0);
        }

        Verdict run() {
            record Config(BitSet done, long value) {}
            Set<Config> visited = new HashSet<>();
            BitSet done = new BitSet(ops.size());
            int[] stackOp = new int[ops.size()];
            long[] stackValue = new long[ops.size()];
            int depth = 0;
            long value = 0;
            int e = next[head];
            while (next[head] != -1) {
                if (e != -1 && isCall[e]) {
                    int i = entryOp[e];
                    Op op = ops.get(i);
                    boolean fits = op.kind() == Op.Kind.WRITE || op.value() == value;
                    long after = op.kind() == Op.Kind.WRITE ? op.value() : value;
                    if (fits) {
                        done.set(i);
                        if (visited.add(new Config((BitSet) done.clone(), after))) {
                            stackOp[depth] = i;
                            stackValue[depth] = value;
                            depth++;
                            value = after;
                            lift(i);
                            e = next[head];
                            continue;
                        }
                        done.clear(i);
                    }
                    e = next[e];
                } else {
                    if (e != -1 && depth >= bestPrefix.size()) {
                        remember(stackOp, depth, entryOp[e]);
                    }
                    if (depth == 0) {
                        return failure();
                    }
                    depth--;
                    int i = stackOp[depth];
                    value = stackValue[depth];
                    done.clear(i);
                    unlift(i);
                    e = next[callEntry[i]];
                }
            }
            return Verdict.OK;
        }

        private void remember(int[] stackOp, int depth, int blockingOp) {
            List<Op> prefix = new ArrayList<>(depth);
            for (int d = 0; d < depth; d++) {
                prefix.add(ops.get(stackOp[d]));
            }
            bestPrefix = prefix;
            blocking = ops.get(blockingOp);
        }

        private Verdict failure() {
            StringBuilder sb = new StringBuilder("key ").append(key).append(": not linearizable. ");
            sb.append("The longest order found takes ")
                    .append(bestPrefix.size())
                    .append(" operations; after it, ")
                    .append(blocking)
                    .append(" returned before it could take effect.\n  last of that order:");
            for (Op op : bestPrefix.subList(Math.max(0, bestPrefix.size() - 8), bestPrefix.size())) {
                sb.append("\n    ").append(op);
            }
            sb.append("\n  operations of this key around it (by invocation):");
            List<Op> sorted = new ArrayList<>(ops);
            sorted.sort(Comparator.comparingLong(Op::invoke));
            int at = sorted.indexOf(blocking);
            for (Op op : sorted.subList(Math.max(0, at - 12), Math.min(sorted.size(), at + 6))) {
                sb.append("\n    ").append(op);
            }
            return new Verdict(false, sb.toString());
        }

        private void lift(int i) {
            unlink(callEntry[i]);
            unlink(returnEntry[i]);
        }

        private void unlift(int i) {
            relink(returnEntry[i]);
            relink(callEntry[i]);
        }

        private void unlink(int e) {
            next[prev[e]] = next[e];
            if (next[e] != -1) {
                prev[next[e]] = prev[e];
            }
        }

        private void relink(int e) {
            next[prev[e]] = e;
            if (next[e] != -1) {
                prev[next[e]] = e;
            }
        }
    }
}
