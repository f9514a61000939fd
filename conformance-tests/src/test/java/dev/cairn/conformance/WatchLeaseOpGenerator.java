package dev.cairn.conformance;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Seeded sequences that mix {@link KvOpGenerator}'s KV ops with leases (explicit IDs, TTLs far
 * longer than a run) and watch streams. Choices depend only on the seed and on what the reference
 * server answered (its revisions, its watchers), so a seed replays.
 *
 * <p>Progress requests go only to streams whose every watcher has started (store revision at or
 * past its start revision), and compactions are held back while a watcher created with a past
 * start revision may still be catching up: in both cases etcd 3.4 and etcd 3.6 answer differently
 * or the answer depends on timing.
 *
 * <p>Not thread-safe: one generator per sequence.
 */
final class WatchLeaseOpGenerator {
    /** One step of a sequence. */
    sealed interface Op {
        record Kv(KvOp op) implements Op {}

        record Grant(long id, long ttl) implements Op {}

        record Revoke(long id) implements Op {}

        record PutWithLease(ByteString key, ByteString value, long lease) implements Op {}

        record TimeToLive(long id, boolean keys) implements Op {}

        record Leases() implements Op {}

        record OpenStream(int stream) implements Op {}

        record CloseStream(int stream) implements Op {}

        record Create(int stream, WatchCreateRequest request) implements Op {}

        record Cancel(int stream, long watchId) implements Op {}

        record Progress(int stream) implements Op {}
    }

    private static final List<ByteString> LEASE_KEYS =
            List.of(bytes("a"), bytes("a/1"), bytes("ab"), bytes("b"), bytes("l/1"), bytes("l/2"), bytes("l/3"));
    private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

    /**
     * etcd keeps the ID of a watcher that compaction canceled taken on its stream until the client
     * cancels it (a create with that ID fails as a duplicate, server-assigned IDs skip it); Cairn
     * frees it. Unless this is set, no watcher is created on a stream holding such a watcher.
     */
    static final boolean COMPACTED_ID_REUSE = Boolean.getBoolean("wdiff.compactedIdReuse");

    private final SplittableRandom random;
    private final KvOpGenerator kv;
    private final long leaseBase;
    private final TreeSet<Long> leases = new TreeSet<>();
    private final List<Long> everGranted = new ArrayList<>();
    private int nextLease;
    private int nextStream;
    private long current = 1;

    WatchLeaseOpGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        this.kv = new KvOpGenerator(random.split(), false);
        this.leaseBase = seed * 1_000_000L;
    }

    /** The reference's current revision and compaction point, after each op. */
    void observe(long revision, long compacted) {
        current = Math.max(current, revision);
        kv.observe(revision, compacted);
    }

    long compactRevision() {
        return kv.compactRevision();
    }

    /** Records what the reference said about a lease op, so later ops pick live leases. */
    void leaseGranted(long id) {
        leases.add(id);
    }

    void leaseRevoked(long id) {
        leases.remove(id);
    }

    Op next(WatchSide reference) {
        List<Integer> open = reference.streams.keySet().stream()
                .filter(s -> s != WatchSide.HISTORY)
                .sorted()
                .toList();
        int roll = random.nextInt(1000);
        if (roll < 430) {
            KvOp op = kv.next();
            while (op instanceof KvOp.Compact && !compactionSafe(reference)) {
                op = kv.next();
            }
            return new Op.Kv(op);
        } else if (roll < 490) {
            return grant();
        } else if (roll < 515) {
            return new Op.Revoke(someLease());
        } else if (roll < 595) {
            return new Op.PutWithLease(
                    pick(LEASE_KEYS), bytes("lv" + random.nextInt(100)), random.nextInt(10) == 0 ? 1 : someLease());
        } else if (roll < 625) {
            return new Op.TimeToLive(someLease(), random.nextBoolean());
        } else if (roll < 640) {
            return new Op.Leases();
        } else if (open.isEmpty() || (roll < 665 && open.size() < 3)) {
            return new Op.OpenStream(nextStream++);
        } else if (roll < 675) {
            return new Op.CloseStream(open.get(random.nextInt(open.size())));
        } else if (roll < 860) {
            List<Integer> usable = open.stream()
                    .filter(s -> COMPACTED_ID_REUSE || !reference.stream(s).holdsCompacted)
                    .toList();
            if (usable.isEmpty()) {
                return open.size() < 3 ? new Op.OpenStream(nextStream++) : new Op.CloseStream(open.get(0));
            }
            int stream = usable.get(random.nextInt(usable.size()));
            return new Op.Create(stream, create(reference.stream(stream)));
        } else if (roll < 930) {
            int stream = open.get(random.nextInt(open.size()));
            List<Long> ids =
                    reference.stream(stream).live.keySet().stream().sorted().toList();
            long id = ids.isEmpty() || random.nextInt(10) == 0 ? 999 : ids.get(random.nextInt(ids.size()));
            return new Op.Cancel(stream, id);
        } else {
            List<Integer> ready =
                    open.stream().filter(s -> progressSafe(reference, s)).toList();
            if (ready.isEmpty()) {
                return new Op.Leases();
            }
            return new Op.Progress(ready.get(random.nextInt(ready.size())));
        }
    }

    private Op grant() {
        int roll = random.nextInt(20);
        if (roll == 0 && !everGranted.isEmpty()) {
            return new Op.Grant(everGranted.get(random.nextInt(everGranted.size())), 900); // duplicate ID
        }
        long id = leaseBase + (++nextLease);
        everGranted.add(id);
        long ttl = roll == 1 ? 9_000_000_001L : 600 + random.nextInt(3000); // too large, or long
        return new Op.Grant(id, ttl);
    }

    private long someLease() {
        if (leases.isEmpty() || random.nextInt(8) == 0) {
            return everGranted.isEmpty() || random.nextBoolean()
                    ? leaseBase + 999_999
                    : everGranted.get(random.nextInt(everGranted.size()));
        }
        List<Long> live = List.copyOf(leases);
        return live.get(random.nextInt(live.size()));
    }

    private WatchCreateRequest create(WatchSide.Stream stream) {
        WatchCreateRequest.Builder b = WatchCreateRequest.newBuilder();
        switch (random.nextInt(9)) {
            case 0 -> b.setKey(pick(LEASE_KEYS));
            case 1 -> b.setKey(bytes("a")).setRangeEnd(bytes("b"));
            case 2 -> b.setKey(bytes("a/")).setRangeEnd(bytes("a0"));
            case 3 -> b.setKey(ZERO).setRangeEnd(ZERO);
            case 4 -> b.setKey(bytes("b")).setRangeEnd(ZERO);
            case 5 -> b.setRangeEnd(ZERO); // empty key: from "\0"
            case 6 -> b.setKey(bytes("l/")).setRangeEnd(bytes("l0"));
            case 7 -> b.setKey(bytes("a/1")).setRangeEnd(bytes("b/x"));
            default -> {
                if (random.nextInt(3) == 0) {
                    b.setKey(bytes("c")).setRangeEnd(bytes("a")); // empty range
                } else {
                    b.setKey(bytes("b"));
                }
            }
        }
        long compacted = kv.compactRevision();
        int start = random.nextInt(20);
        if (start < 8) {
            b.setStartRevision(0);
        } else if (start < 10) {
            b.setStartRevision(current + 1);
        } else if (start < 16) {
            long low = Math.max(1, compacted);
            b.setStartRevision(low + random.nextLong(Math.max(1, current - low + 1)));
        } else if (start < 17 && compacted > 1) {
            b.setStartRevision(1 + random.nextLong(compacted - 1)); // compacted away
        } else {
            b.setStartRevision(current + 1 + random.nextInt(3)); // future
        }
        int id = random.nextInt(20);
        if (id < 12) {
            b.setWatchId(0);
        } else if (id < 17) {
            b.setWatchId(new long[] {1, 2, 3, 5, 8}[random.nextInt(5)]);
        } else if (id < 19 || stream.live.isEmpty()) {
            b.setWatchId(100 + random.nextInt(50));
        } else {
            List<Long> live = stream.live.keySet().stream().sorted().toList();
            b.setWatchId(live.get(random.nextInt(live.size()))); // duplicate
        }
        b.setPrevKv(random.nextBoolean());
        b.setProgressNotify(random.nextInt(3) == 0);
        int filter = random.nextInt(10);
        if (filter == 0) {
            b.addFilters(WatchCreateRequest.FilterType.NOPUT);
        } else if (filter == 1) {
            b.addFilters(WatchCreateRequest.FilterType.NODELETE);
        }
        return b.build();
    }

    /** Every live watcher of the stream has started, so every server answers at once. */
    private boolean progressSafe(WatchSide reference, int stream) {
        WatchSide.Stream s = reference.stream(stream);
        if (s.live.isEmpty()) {
            return false; // etcd 3.6 stays silent on a stream without watchers; 3.4 answers
        }
        return s.live.values().stream().allMatch(w -> w.from <= current);
    }

    /** No live watcher that replays history may still be catching up. */
    private static boolean compactionSafe(WatchSide reference) {
        for (WatchSide.Watcher w : reference.watchers) {
            if (w.live() && w.request.getStartRevision() > 0 && w.events == 0) {
                return false;
            }
        }
        return true;
    }

    static long compactTarget(KvOp op) {
        return op instanceof KvOp.Compact c ? ((CompactionRequest) c.request()).getRevision() : 0;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }
}
