/**
 * The seeded deterministic simulation of Raft clusters over {@link dev.cairn.raft.RawNode}: one
 * event queue and simulated clock ({@link dev.cairn.raft.sim.EventQueue}), network ({@link
 * dev.cairn.raft.sim.SimNetwork}), disks that lose unsynced writes ({@link
 * dev.cairn.raft.sim.SimDisk}), drivers ({@link dev.cairn.raft.sim.SimNode}), clients ({@link
 * dev.cairn.raft.sim.Workload}) and faults ({@link dev.cairn.raft.sim.Nemesis}); safety checked
 * as it runs ({@link dev.cairn.raft.sim.RaftInvariants}) and the client history at the end ({@link
 * dev.cairn.raft.sim.LinearizabilityChecker}). Everything runs on the test thread; every random
 * choice comes from the seed. Must not touch: the raft package's internals (it drives the public
 * API only). See {@code docs/design/raft-simulation.md}.
 *
 * <p>Switches: {@code -Dsim.seeds=N} (seeds 1..N, default 500), {@code -Dsim.seed=N} (replay
 * one), {@code -Dsim.trace=N} (events in a failure's trace, default 40), {@code -Dsim.debug=true}
 * (print every Ready).
 */
@NullMarked
package dev.cairn.raft.sim;

import org.jspecify.annotations.NullMarked;
