package dev.cairn.raft.sim;

/**
 * A deliberate mistake in the simulated driver, to show that the simulation catches the class of
 * bug it claims to catch (see {@code SimulationSelfTest}). {@link #NONE} in every real run.
 */
enum DriverBug {
    NONE,
    /** Never fsyncs: a crash loses every write since the last snapshot. */
    NO_FSYNC,
    /** Answers reads from the local state machine at once, without waiting for the read index. */
    READ_WITHOUT_READ_INDEX,
    /** Acknowledges a write as soon as it is proposed, before it is committed. */
    ACK_ON_PROPOSE
}
