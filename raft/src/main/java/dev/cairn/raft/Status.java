package dev.cairn.raft;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node's state for observation (metrics, tests, the leader's membership checks). Immutable.
 *
 * @param id this node
 * @param hs the current hard state
 * @param ss the current soft state
 * @param applied the applied index
 * @param leadTransferee the target of a leadership transfer in progress, else 0
 * @param progress every member's replication progress, by id ascending; empty unless leader
 */
public record Status(
        long id, HardState hs, SoftState ss, long applied, long leadTransferee, Map<Long, Progress> progress) {
    public Status {
        Objects.requireNonNull(hs, "hs");
        Objects.requireNonNull(ss, "ss");
        progress = Collections.unmodifiableMap(new TreeMap<>(progress));
    }
}
