package dev.cairn.server.membership;

import dev.cairn.raft.ConfChange;
import java.util.concurrent.CompletableFuture;

/**
 * Proposes a membership change through raft. Implemented by the raft node driver; thread-safe.
 *
 * <p>The future completes after the conf-change entry was applied on this member, with what
 * {@link Membership#apply} returned for it: normally even when the change was refused at apply
 * time ({@link ApplyResult#error()} says why; etcd refuses at apply, not at proposal, so that
 * concurrent changes are checked in log order). It completes exceptionally only when the entry
 * never applies here: proposal dropped, no leader, timeout, or the server stopping (with the
 * driver's own errors).
 */
@FunctionalInterface
public interface ConfChangeProposer {
    CompletableFuture<ApplyResult> proposeConfChange(ConfChange change);
}
