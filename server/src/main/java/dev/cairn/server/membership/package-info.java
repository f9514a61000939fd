/**
 * The cluster's membership with etcd's semantics: who the members are (as applied from the raft
 * log), etcd's rules and errors for changing them, bootstrap and join planning, and the domain
 * operations behind the Cluster service and Maintenance.MoveLeader.
 *
 * <p>Owns: {@link dev.cairn.server.membership.MemberSet} (members and removed IDs, immutable), the
 * conf-change encoding ({@link dev.cairn.server.membership.MemberChanges}), the rules ({@link
 * dev.cairn.server.membership.ReconfigRules}, pure), the applied state ({@link
 * dev.cairn.server.membership.Membership}, written by the apply thread inside the store transaction
 * that records the applied index, as cluster records {@code members/<hex id>} and {@code
 * members_removed/<hex id>}), {@link dev.cairn.server.membership.BootstrapPlans}, and {@link
 * dev.cairn.server.membership.Reconfiguration} ({@link dev.cairn.server.membership.ClusterOps}).
 *
 * <p>Does not own threads, sockets or raft: the node driver implements {@link
 * dev.cairn.server.membership.ConfChangeProposer}, {@link
 * dev.cairn.server.membership.RaftStatusSource}, {@link dev.cairn.server.membership.ReadBarrier},
 * {@link dev.cairn.server.membership.LeaderTransfer} and {@link
 * dev.cairn.server.membership.PromoteForwarder}, and calls {@link
 * dev.cairn.server.membership.Membership#apply} for every committed conf-change entry.
 *
 * <p>Started members. etcd counts a member as started once it has published its name and client
 * URLs, which it does through raft after it comes up (ClusterMemberAttrSetRequest). Cairn does the
 * same with a normal entry, not a conf change: the replicated request's {@code member_attributes}
 * body ({@code raftpb.MemberAttributes{member_id, name, client_urls}} in {@code
 * cairn_request.proto}), proposed by the driver once its client listeners serve and retried until
 * applied; the entry applier hands it to {@link
 * dev.cairn.server.membership.Membership#applyAttributes}. A conf change would be the wrong tool:
 * UPDATE_NODE is MemberUpdate's (peer URLs only), and raft would hold it to one pending change.
 */
@NullMarked
package dev.cairn.server.membership;

import org.jspecify.annotations.NullMarked;
