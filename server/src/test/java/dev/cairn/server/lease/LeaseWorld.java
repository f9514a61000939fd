package dev.cairn.server.lease;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.server.kv.KvMachine;
import dev.cairn.server.replication.EntryApplier;
import dev.cairn.server.replication.LeaderInfo;
import dev.cairn.server.replication.LocalProposer;
import dev.cairn.server.replication.ManualTimeouts;
import dev.cairn.server.replication.RequestIds;
import dev.cairn.server.replication.Waiters;
import dev.cairn.server.time.ManualTicker;
import dev.cairn.storage.mvcc.LeaseRecord;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import dev.cairn.storage.mvcc.RangeQuery;
import dev.cairn.storage.mvcc.ReadView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real store in a directory, a manual ticker and a lessor over them; {@link #restart} reopens
 * the store and recovers a new lessor on a fresh ticker. Not thread-safe (owned by one test).
 */
final class LeaseWorld implements AutoCloseable {
    /** etcd's defaults, with the driver ticking once a second (1000 revokes per tick). */
    static final LeaseConfig CONFIG = LeaseConfig.defaults().withTickInterval(Duration.ofSeconds(1));

    private final Path dir;
    private final LeaseConfig config;
    ManualTicker ticker = new ManualTicker();
    /** Whether this member leads; true unless a test says otherwise. */
    final AtomicBoolean leading = new AtomicBoolean(true);

    MvccStore store;
    Lessor lessor;

    LeaseWorld(Path dir) {
        this(dir, CONFIG);
    }

    LeaseWorld(Path dir, LeaseConfig config) {
        this.dir = dir;
        this.config = config;
        store = MvccStores.open(dir);
        lessor = local(store, config, ticker, 42, leading::get);
    }

    /** Closes the store and opens it again with a new lessor recovered from it. */
    void restart() {
        store.close();
        store = MvccStores.open(dir);
        ticker = new ManualTicker();
        lessor = local(store, config, ticker, 43, leading::get);
    }

    /** A single member's lessor over {@code store}: leases recovered, proposals applied at once. */
    static Lessor local(MvccStore store, LeaseConfig config, ManualTicker ticker, long memberId, LeaderInfo leader) {
        LeaseMachine machine = LeaseMachine.recover(store, config, ticker);
        Waiters waiters = new Waiters(new ManualTimeouts(), Waiters.DEFAULT_TIMEOUT);
        EntryApplier applier = new EntryApplier(store, new KvMachine(machine::exists), machine, waiters);
        LocalProposer proposer = new LocalProposer(applier, waiters, RequestIds.forMember(memberId, Instant.EPOCH));
        return new Lessor(store, machine, proposer, leader, LeaseIds.forMember(memberId, Instant.EPOCH));
    }

    static ByteString bs(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    long grant(long ttl) {
        return lessor.grant(0, ttl).join().id();
    }

    /** Puts {@code key} with {@code lease} attached; returns the put's revision. */
    long put(String key, long lease) {
        return store.write(txn -> {
                    txn.put(bs(key), bs("v"), lease);
                    return txn.writeRevision();
                })
                .join();
    }

    long revision() {
        try (ReadView view = store.read()) {
            return view.currentRevision();
        }
    }

    /** Live keys in [from, to) at {@code revision} (0 = latest). */
    List<String> keys(String from, String to, long revision) {
        try (ReadView view = store.read()) {
            RangeQuery q = RangeQuery.of(bs(from), bs(to));
            q = new RangeQuery(
                    q.key(), q.rangeEnd(), revision, 0, q.sortOrder(), q.sortTarget(), false, false, 0, 0, 0, 0);
            return view.range(q).kvs().stream()
                    .map(KeyValue::getKey)
                    .map(ByteString::toStringUtf8)
                    .toList();
        }
    }

    Optional<LeaseRecord> record(long id) {
        try (ReadView view = store.read()) {
            return view.lease(id);
        }
    }

    List<LeaseRecord> records() {
        try (ReadView view = store.read()) {
            return view.leases();
        }
    }

    void advance(Duration d) {
        ticker.advance(d);
    }

    @Override
    public void close() {
        store.close();
    }
}
