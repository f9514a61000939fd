package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.Event;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/** A consistent view of the store at one moment. Not thread-safe; owned by one caller. */
public interface ReadView extends AutoCloseable {

    /** The store's current revision as of this view (1 for an empty store). */
    long currentRevision();

    /**
     * The compact revision as of this view: -1 until the first compaction (etcd's convention, so a
     * first Compact at revision 0 is a real compaction that later checks can tell apart).
     */
    long compactRevision();

    /**
     * Reads keys in a range at a revision, with etcd's Range semantics for limit, count, sort,
     * keys_only, count_only and the revision filters.
     *
     * @throws CompactedException if {@code query.revision()} is below the compact revision
     * @throws FutureRevisionException if {@code query.revision()} is above the current revision
     */
    RangeResult range(RangeQuery query);

    /**
     * The changes with main revision in [fromRevision, toRevision] in (main, sub) order, as Events
     * shaped exactly as in {@link CommitListener} (prev_kv set when the key had a live version
     * before the transaction). Returns whole revisions only: stops after the revision at which the number of
     * events reached {@code maxEvents} (a revision is never split). {@code toRevision} beyond
     * {@link #currentRevision()} is clamped; an empty list if nothing is left in the range.
     *
     * <p>Revisions above the compact revision C are always complete, prev_kv included (compaction
     * keeps each key's newest version at or below C, which is exactly the prev_kv of its first
     * change above C; when that version is a tombstone there is no prev_kv anyway). At C itself,
     * as in etcd, only what compaction keeps is left once physical compaction has reached it: puts
     * at C that are their key's newest version at or below C, without prev_kv. Deletes at C, and
     * puts at C overwritten later in C, are gone. Until physical compaction finishes, a view may
     * still see more of revision C.
     *
     * @throws CompactedException if {@code fromRevision < compactRevision()}
     * @throws IllegalArgumentException if {@code maxEvents < 1}
     */
    List<Event> events(long fromRevision, long toRevision, int maxEvents);

    /** The lease with this ID, if granted and not revoked. */
    Optional<LeaseRecord> lease(long id);

    /** Every lease, by ID. */
    List<LeaseRecord> leases();

    /** The live keys currently attached to the lease, in key order (empty for an unknown lease). */
    List<ByteString> leaseKeys(long leaseId);

    /**
     * Every cluster record, an unmodifiable map in unsigned byte order of the keys ({@link
     * ByteString#unsignedLexicographicalComparator()}). In a write transaction, includes its own
     * changes.
     */
    SortedMap<ByteString, ByteString> clusterRecords();

    @Override
    void close();
}
