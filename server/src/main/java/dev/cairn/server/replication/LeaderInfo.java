package dev.cairn.server.replication;

/**
 * Whether this member leads the cluster now. Leases expire and keep-alives are served only on the
 * leader (as etcd's primary lessor). Implementations are thread-safe and answer from memory.
 */
@FunctionalInterface
public interface LeaderInfo {

    boolean isLeader();

    /** A single member always leads. */
    static LeaderInfo local() {
        return () -> true;
    }
}
