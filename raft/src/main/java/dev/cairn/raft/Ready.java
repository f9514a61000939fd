package dev.cairn.raft;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the driver must do next, in this order: persist {@code snapshot} (if not empty), {@code
 * entries} and {@code hardState} (fsync if {@code mustSync}); send {@code messages}; apply {@code
 * committedEntries} (configuration changes through {@link RawNode#applyConfChange}); serve reads
 * whose {@code readStates} index is applied; then call {@link RawNode#advance(Ready)}. Immutable.
 *
 * @param softState the new leader/role, or null when unchanged
 * @param hardState the hard state to persist, {@link HardState#EMPTY} when unchanged
 * @param readStates answers to ReadIndex requests
 * @param entries entries to append to stable storage (replacing any stored entry at the same or a
 *     later index)
 * @param snapshot a snapshot to install, or {@link Snapshot#EMPTY}
 * @param committedEntries entries to apply to the state machine, in order
 * @param messages messages to send (after persisting)
 * @param mustSync whether the writes must be fsynced before sending
 */
public record Ready(
        @Nullable SoftState softState,
        HardState hardState,
        List<ReadState> readStates,
        List<Entry> entries,
        Snapshot snapshot,
        List<Entry> committedEntries,
        List<Message> messages,
        boolean mustSync) {
    public Ready {
        Objects.requireNonNull(hardState, "hardState");
        readStates = List.copyOf(readStates);
        entries = List.copyOf(entries);
        Objects.requireNonNull(snapshot, "snapshot");
        committedEntries = List.copyOf(committedEntries);
        messages = List.copyOf(messages);
    }
}
