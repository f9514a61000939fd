package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;

/** Builds storages with given logs for tests. Stateless. */
final class Logs {
    private Logs() {}

    /**
     * A storage holding a snapshot at (index 1, term 1) with {@code cs}, then one entry per given
     * term at indexes 2, 3, ...; hard state: the last term, no vote, commit 1.
     */
    static MemoryStorage storage(ConfState cs, long... terms) {
        MemoryStorage ms = new MemoryStorage();
        ms.applySnapshot(new Snapshot(new SnapshotMetadata(1, 1, cs), ByteString.EMPTY));
        List<Entry> ents = new ArrayList<>();
        long last = 1;
        for (int i = 0; i < terms.length; i++) {
            ents.add(Entry.normal(terms[i], i + 2, ByteString.copyFromUtf8("t" + terms[i] + "i" + (i + 2))));
            last = terms[i];
        }
        ms.append(ents);
        ms.setHardState(new HardState(last, 0, 1));
        return ms;
    }
}
