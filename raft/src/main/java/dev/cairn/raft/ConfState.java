package dev.cairn.raft;

import java.util.List;

/**
 * A cluster configuration: the voters and the learners, each sorted ascending, disjoint. Immutable.
 */
public record ConfState(List<Long> voters, List<Long> learners) {
    /** No members (a node that has not been bootstrapped or restored yet). */
    public static final ConfState EMPTY = new ConfState(List.of(), List.of());

    public ConfState {
        voters = List.copyOf(voters.stream().sorted().distinct().toList());
        learners = List.copyOf(learners.stream().sorted().distinct().toList());
        for (Long v : voters) {
            if (learners.contains(v)) {
                throw new IllegalArgumentException("node " + v + " is both a voter and a learner");
            }
        }
    }
}
