package dev.cairn.raft;

import java.util.List;

/** Size arithmetic over entries. Stateless. */
final class Entries {
    /** Bytes counted per entry besides its data (term, index, type as etcd's protobuf would). */
    static final long ENTRY_OVERHEAD = 12;

    private Entries() {}

    /** The size an entry counts for in message and Ready limits. */
    static long size(Entry e) {
        return e.data().size() + ENTRY_OVERHEAD;
    }

    /** The size of the payloads only (etcd's payloadsSize, for the uncommitted limit). */
    static long payloadSize(List<Entry> ents) {
        long s = 0;
        for (Entry e : ents) {
            s += e.data().size();
        }
        return s;
    }

    /** The longest prefix within {@code maxSize} bytes, but at least one entry. */
    static List<Entry> limitSize(List<Entry> ents, long maxSize) {
        if (ents.isEmpty()) {
            return ents;
        }
        long size = size(ents.get(0));
        int limit = 1;
        for (; limit < ents.size(); limit++) {
            size += size(ents.get(limit));
            if (size > maxSize) {
                break;
            }
        }
        return ents.subList(0, limit);
    }
}
