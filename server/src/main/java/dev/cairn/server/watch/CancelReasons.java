package dev.cairn.server.watch;

/**
 * The cancel_reason texts of failed watch creates; wire contract (clients match them verbatim).
 * Constants; thread-safe.
 */
public final class CancelReasons {
    /** A create whose client-chosen watch_id is in use on the stream. */
    public static final String DUPLICATE_ID = "mvcc: duplicate watch ID provided on the WatchStream";

    /** A create whose range_end is not above its key. */
    public static final String EMPTY_RANGE = "mvcc: watcher range is empty";

    /** A create with a negative start_revision (etcd answers with its compacted text). */
    public static final String COMPACTED = "etcdserver: mvcc: required revision has been compacted";

    private CancelReasons() {}
}
