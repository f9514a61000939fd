package dev.cairn.server.membership;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Moves raft leadership from this member (the leader) to another voter: {@code
 * RawNode.transferLeader(transferee)} on the driver thread, then waiting until this member sees
 * {@code transferee} as the leader. Implemented by the raft node driver; thread-safe.
 */
@FunctionalInterface
public interface LeaderTransfer {
    /**
     * Completes when this member observes {@code transferee} as leader; exceptionally with {@link
     * MembershipException.LeaderTransferTimeout} when that has not happened within {@code timeout}
     * (measured on the driver's ticker).
     */
    CompletableFuture<Void> transferLeadership(long transferee, Duration timeout);
}
