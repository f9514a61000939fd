package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.cairn.proto.etcdserverpb.CompactionResponse;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.proto.etcdserverpb.LeaseLeasesRequest;
import dev.cairn.proto.etcdserverpb.LeaseLeasesResponse;
import dev.cairn.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.proto.etcdserverpb.LeaseStatus;
import dev.cairn.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.proto.mvccpb.Event;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DifferentialTest} extended to leases and watch streams: seeded sequences of KV ops,
 * LeaseGrant (explicit IDs, TTLs far longer than a run), LeaseRevoke, Put with a lease,
 * LeaseTimeToLive, LeaseLeases, and watch creates (ranges, start revisions in the past, present,
 * future and compacted, client-chosen and server-assigned IDs, prev_kv, filters), cancels and
 * progress requests on up to three streams, sent in the same order to etcd and to the target.
 *
 * <p>Unary answers are compared after {@link Canonical}; TimeToLive's remaining TTL only has to
 * lie in (0, grantedTTL] on both sides, its keys and LeaseLeases' IDs are compared as sets. Watch
 * responses are compared per watcher (created response, events field by field, cancel) and per
 * stream (progress responses), with cluster_id, member_id and raft_term cleared. After each op
 * both servers are given a bounded time to deliver exactly what a history watcher says the op
 * caused ({@link WatchSide#settle}), so the comparison never races the servers.
 *
 * <p>One etcd and one target serve all seeds of a run (a seed that finds a difference gets fresh
 * servers after it). {@code -Dwdiff.seed=N} replays one seed, {@code -Dwdiff.seeds=N} (default
 * 20), {@code -Dwdiff.ops=N} (default 300), {@code -Dwdiff.selfCheckSeeds=N} seeds of etcd
 * against etcd (default 3).
 */
class WatchLeaseDifferentialTest {
    private static final int OPS = Integer.getInteger("wdiff.ops", 300);
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("wdiff.settleSeconds", 5));
    private static final int MAX_DIFFERENCES = 10;
    private static final Map<Target, Pair> PAIRS = new ConcurrentHashMap<>();

    static Stream<Arguments> seeds() {
        String one = System.getProperty("wdiff.seed");
        long count = Long.getLong("wdiff.seeds", 20);
        long selfCheck = Math.min(count, Long.getLong("wdiff.selfCheckSeeds", 3));
        List<Arguments> out = new ArrayList<>();
        for (Target target : Target.selected()) {
            LongStream seeds = one != null
                    ? LongStream.of(Long.parseLong(one))
                    : LongStream.rangeClosed(1, target == Target.ETCD ? selfCheck : count);
            seeds.forEach(seed -> out.add(Arguments.of(target, seed)));
        }
        return out.stream();
    }

    @AfterAll
    static void stopServers() {
        PAIRS.values().forEach(Pair::close);
        PAIRS.clear();
    }

    private static Pair pair(Target target) {
        Pair p = PAIRS.get(target);
        if (p == null || p.dirty || !p.reference.isAlive() || !p.target.isAlive()) {
            if (p != null) {
                p.close();
            }
            p = Pair.start(target, "wdiff");
            PAIRS.put(target, p);
        }
        return p;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void sameWatchAndLeaseResponsesAsEtcd(Target target, long seed) {
        Pair pair = pair(target);
        pair.dirty = true; // until the seed ends cleanly
        WatchSide ref = pair.referenceWatch;
        WatchSide tgt = pair.targetWatch;
        ref.reset();
        tgt.reset();
        WatchLeaseOpGenerator generator = new WatchLeaseOpGenerator(seed);
        generator.observe(pair.revision, pair.compacted); // earlier seeds ran on the same servers
        Run run = new Run(target, seed);
        Deque<String> recent = new ArrayDeque<>();
        int[] mix = new int[11];
        long current = pair.revision;
        for (int i = 0; i < OPS && !run.stopped(); i++) {
            WatchLeaseOpGenerator.Op op = generator.next(ref);
            mix[kindIndex(op)]++;
            String described = describe(op);
            recent.addLast("#" + i + " " + described);
            if (recent.size() > 15) {
                recent.removeFirst();
            }
            run.step(i, described, recent);
            ref.compactRevision = generator.compactRevision();
            tgt.compactRevision = generator.compactRevision();
            Result want = execute(op, pair.reference.channel(), ref);
            Result got = execute(op, pair.target.channel(), tgt);
            if (!want.canonical.equals(got.canonical)) {
                run.difference(
                        "op " + i + ": " + described + "\n  etcd:   " + want.raw + "\n  " + target.lowerName() + ": "
                                + got.raw,
                        want.writes || got.writes);
            }
            current = Math.max(current, want.revision);
            generator.observe(want.revision, want.compacted);
            if (op instanceof WatchLeaseOpGenerator.Op.Grant g && want.ok) {
                generator.leaseGranted(g.id());
            } else if (op instanceof WatchLeaseOpGenerator.Op.Revoke r && want.ok) {
                generator.leaseRevoked(r.id());
            }
            String refMissing = ref.settle(current, SETTLE);
            if (!refMissing.isEmpty()) {
                run.difference("op " + i + ": etcd did not settle: " + refMissing, true);
            }
            String tgtMissing = tgt.settle(current, SETTLE);
            if (!tgtMissing.isEmpty()) {
                run.difference(
                        "op " + i + ": " + target.lowerName() + " did not deliver within " + SETTLE + ": " + tgtMissing,
                        true);
            }
            compareWatches(run, i, ref, tgt);
        }
        Transcripts.write(
                "wdiff-" + target.lowerName() + "-seed" + seed + "-mix",
                List.of(
                        "kv " + mix[0] + ", grant " + mix[1] + ", revoke " + mix[2] + ", put+lease " + mix[3] + ", ttl "
                                + mix[4] + ", leases " + mix[5],
                        "open " + mix[6] + ", close " + mix[7] + ", create " + mix[8] + ", cancel " + mix[9]
                                + ", progress " + mix[10],
                        "watch responses (etcd): "
                                + ref.watchers.stream()
                                        .mapToInt(w -> w.responses.size())
                                        .sum()
                                + ", events in history: " + ref.history.size()));
        assertThat(pair.target.isAlive()).as("target alive after the run").isTrue();
        pair.revision = Math.max(pair.revision, current);
        pair.compacted = Math.max(pair.compacted, generator.compactRevision());
        run.finish();
        pair.dirty = false;
        // the sequence must reach watch events and leases, or the comparison proves little
        assertThat(mix[8]).as("watch creates").isGreaterThan(OPS / 20);
        assertThat(mix[1]).as("lease grants").isGreaterThan(OPS / 50);
    }

    /**
     * A watcher canceled by compaction keeps its ID on the stream in etcd until the client cancels
     * it: a create naming that ID fails as a duplicate, and server-assigned IDs skip it. The seeded
     * sequences stay clear of this unless {@code -Dwdiff.compactedIdReuse=true}; this case pins it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void compactedWatcherKeepsItsId(Target target) {
        Pair pair = pair(target);
        List<List<String>> answers = new ArrayList<>();
        for (ServerProcess server : List.of(pair.reference, pair.target)) {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
            long first = 0;
            for (int i = 0; i < 3; i++) {
                long rev = kv.put(PutRequest.newBuilder()
                                .setKey(WatchLeaseOpGenerator.bytes("compacted-id/" + i))
                                .setValue(WatchLeaseOpGenerator.bytes("v"))
                                .build())
                        .getHeader()
                        .getRevision();
                first = first == 0 ? rev : first;
            }
            kv.compact(dev.cairn.proto.etcdserverpb.CompactionRequest.newBuilder()
                    .setRevision(first + 2)
                    .build());
            List<String> got = new ArrayList<>();
            try (WatchStreamClient stream = new WatchStreamClient(server.channel())) {
                dev.cairn.proto.etcdserverpb.WatchCreateRequest.Builder create =
                        dev.cairn.proto.etcdserverpb.WatchCreateRequest.newBuilder()
                                .setKey(WatchLeaseOpGenerator.bytes("compacted-id/"))
                                .setRangeEnd(WatchLeaseOpGenerator.bytes("compacted-id0"));
                stream.create(create.setStartRevision(first).setWatchId(0).build());
                got.add(WatchSide.canonical(stream.next(SETTLE, "created (auto ID)")));
                got.add(WatchSide.canonical(stream.next(SETTLE, "compacted cancel")));
                stream.create(create.setStartRevision(first).setWatchId(1).build());
                got.add(WatchSide.canonical(stream.next(SETTLE, "created (ID 1)")));
                got.add(WatchSide.canonical(stream.next(SETTLE, "compacted cancel")));
                stream.create(create.setStartRevision(0).setWatchId(1).build());
                got.add(WatchSide.canonical(stream.next(SETTLE, "create naming ID 1 again")));
                stream.create(create.setStartRevision(0).setWatchId(0).build());
                got.add(WatchSide.canonical(stream.next(SETTLE, "create with a server-assigned ID")));
            }
            answers.add(got.stream()
                    .map(a -> a.replaceAll("revision: \\d+", "revision: N"))
                    .toList());
        }
        assertThat(answers.get(1)).as("watch IDs after a compaction cancel").isEqualTo(answers.get(0));
    }

    /** A Txn that puts a key and then deletes it: the DELETE's prev_kv is the key at revision - 1. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void prevKvOfPutThenDeleteInOneTxn(Target target) {
        pinTxnEvents(target, "~pinned/put-then-delete", false);
    }

    /**
     * A Txn that deletes a key and then puts it: the PUT is a create, which etcd never gives a
     * prev_kv.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void prevKvOfDeleteThenPutInOneTxn(Target target) {
        pinTxnEvents(target, "~pinned/delete-then-put", true);
    }

    private static void pinTxnEvents(Target target, String name, boolean deleteFirst) {
        Pair pair = pair(target);
        List<List<String>> answers = new ArrayList<>();
        com.google.protobuf.ByteString key = WatchLeaseOpGenerator.bytes(name);
        dev.cairn.proto.etcdserverpb.RequestOp put = dev.cairn.proto.etcdserverpb.RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(key).setValue(WatchLeaseOpGenerator.bytes("v2")))
                .build();
        // range_end "\0" passes etcd's duplicate-key check
        dev.cairn.proto.etcdserverpb.RequestOp delete = dev.cairn.proto.etcdserverpb.RequestOp.newBuilder()
                .setRequestDeleteRange(dev.cairn.proto.etcdserverpb.DeleteRangeRequest.newBuilder()
                        .setKey(key)
                        .setRangeEnd(com.google.protobuf.ByteString.copyFrom(new byte[] {0})))
                .build();
        TxnRequest txn = deleteFirst
                ? TxnRequest.newBuilder().addSuccess(delete).addSuccess(put).build()
                : TxnRequest.newBuilder().addSuccess(put).addSuccess(delete).build();
        for (ServerProcess server : List.of(pair.reference, pair.target)) {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
            kv.put(PutRequest.newBuilder()
                    .setKey(key)
                    .setValue(WatchLeaseOpGenerator.bytes("v1"))
                    .build());
            List<String> got = new ArrayList<>();
            try (WatchStreamClient stream = new WatchStreamClient(server.channel())) {
                stream.create(dev.cairn.proto.etcdserverpb.WatchCreateRequest.newBuilder()
                        .setKey(key)
                        .setPrevKv(true)
                        .build());
                got.add(stream.next(SETTLE, "created").getCreated() ? "created" : "not created");
                kv.txn(txn);
                for (Event e : stream.next(SETTLE, "the Txn's events").getEventsList()) {
                    long rev = e.getKv().getModRevision();
                    got.add(event(e).replace("revision: " + rev, "revision: R")
                            .replace("revision: " + (rev - 1), "revision: R-1"));
                }
            }
            answers.add(got);
        }
        assertThat(answers.get(1)).as("events of %s with prev_kv", txn).isEqualTo(answers.get(0));
    }

    static Stream<Arguments> targets() {
        return Target.selected().stream().map(Arguments::of);
    }

    /** Differences found in one seed; the run stops at the first that may split the stores. */
    private static final class Run {
        final Target target;
        final long seed;
        final List<String> differences = new ArrayList<>();
        final Set<String> reportedWatchers = new HashSet<>();
        int index;
        String context = "";
        boolean stop;

        Run(Target target, long seed) {
            this.target = target;
            this.seed = seed;
        }

        void step(int i, String described, Deque<String> recent) {
            index = i;
            context = String.join("\n    ", recent);
        }

        void difference(String what, boolean fatal) {
            differences.add(
                    what + "\n  recent ops:\n    " + context + "\n  replay: -Dit.test=WatchLeaseDifferentialTest"
                            + " -Dwdiff.seed=" + seed + " -Dwdiff.ops=" + (index + 1));
            if (fatal || differences.size() >= MAX_DIFFERENCES) {
                stop = true;
            }
        }

        boolean stopped() {
            return stop;
        }

        void finish() {
            if (!differences.isEmpty()) {
                fail("seed " + seed + ": " + differences.size() + " difference(s) from etcd (" + target.lowerName()
                        + "):\n\n" + String.join("\n\n", differences));
            }
        }
    }

    private static void compareWatches(Run run, int i, WatchSide ref, WatchSide tgt) {
        List<String> wantHistory =
                ref.history.stream().map(WatchLeaseDifferentialTest::event).toList();
        List<String> gotHistory =
                tgt.history.stream().map(WatchLeaseDifferentialTest::event).toList();
        if (!wantHistory.equals(gotHistory) && run.reportedWatchers.add("history")) {
            run.difference(
                    "op " + i + ": events on the all-keys history watcher differ"
                            + firstDifference(wantHistory, gotHistory),
                    false);
        }
        for (int w = 0; w < ref.watchers.size() && w < tgt.watchers.size(); w++) {
            WatchSide.Watcher a = ref.watchers.get(w);
            WatchSide.Watcher b = tgt.watchers.get(w);
            List<String> want = WatchSide.canonical(a.responses);
            List<String> got = WatchSide.canonical(b.responses);
            if (!want.equals(got) && run.reportedWatchers.add("watcher " + w)) {
                run.difference(
                        "op " + i + ": responses to watcher #" + w + " (stream " + a.stream + ", create { "
                                + TextFormat.printer().emittingSingleLine(true).printToString(a.request) + " })"
                                + firstDifference(want, got),
                        false);
            }
        }
        for (Map.Entry<Integer, WatchSide.Stream> e : ref.streams.entrySet()) {
            WatchSide.Stream b = tgt.streams.get(e.getKey());
            if (b == null) {
                continue;
            }
            String wantEnd = e.getValue().open ? "open" : "ended: " + e.getValue().endedWith;
            String gotEnd = b.open ? "open" : "ended: " + b.endedWith;
            if (!wantEnd.equals(gotEnd) && run.reportedWatchers.add("end " + e.getKey())) {
                run.difference(
                        "op " + i + ": stream " + e.getKey() + "\n  etcd:   " + wantEnd + "\n  target: " + gotEnd,
                        false);
            }
            List<String> want = WatchSide.canonical(e.getValue().progress);
            List<String> got = WatchSide.canonical(b.progress);
            if (!want.equals(got) && run.reportedWatchers.add("progress " + e.getKey())) {
                run.difference(
                        "op " + i + ": progress responses on stream " + e.getKey() + firstDifference(want, got), false);
            }
            List<String> wantStray = WatchSide.canonical(e.getValue().stray);
            List<String> gotStray = WatchSide.canonical(b.stray);
            if (!wantStray.equals(gotStray) && run.reportedWatchers.add("stray " + e.getKey())) {
                run.difference(
                        "op " + i + ": responses for no live watcher on stream " + e.getKey()
                                + firstDifference(wantStray, gotStray),
                        false);
            }
        }
    }

    private static String event(Event e) {
        return TextFormat.printer().emittingSingleLine(true).printToString(e);
    }

    private static String firstDifference(List<String> want, List<String> got) {
        int n = 0;
        while (n < want.size() && n < got.size() && want.get(n).equals(got.get(n))) {
            n++;
        }
        return "\n  first difference at response " + n + " (etcd has " + want.size() + ", target " + got.size() + ")"
                + "\n  etcd:   " + (n < want.size() ? want.get(n) : "(nothing)")
                + "\n  target: " + (n < got.size() ? got.get(n) : "(nothing)");
    }

    /** What one server answered to one op. */
    private record Result(String raw, String canonical, boolean ok, boolean writes, long revision, long compacted) {
        static Result watch(String what) {
            return new Result(what, what, true, false, 0, 0);
        }
    }

    private static Result execute(WatchLeaseOpGenerator.Op op, ManagedChannel channel, WatchSide side) {
        LeaseGrpc.LeaseBlockingStub lease = LeaseGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        try {
            return switch (op) {
                case WatchLeaseOpGenerator.Op.Kv kv -> kv(kv.op(), channel);
                case WatchLeaseOpGenerator.Op.Grant g -> {
                    LeaseGrantResponse r = lease.leaseGrant(LeaseGrantRequest.newBuilder()
                            .setID(g.id())
                            .setTTL(g.ttl())
                            .build());
                    yield ok(
                            r,
                            r.toBuilder()
                                    .setHeader(Canonical.header(r.getHeader()))
                                    .build(),
                            r.getHeader(),
                            false);
                }
                case WatchLeaseOpGenerator.Op.Revoke v -> {
                    LeaseRevokeResponse r = lease.leaseRevoke(
                            LeaseRevokeRequest.newBuilder().setID(v.id()).build());
                    yield ok(
                            r,
                            r.toBuilder()
                                    .setHeader(Canonical.header(r.getHeader()))
                                    .build(),
                            r.getHeader(),
                            true);
                }
                case WatchLeaseOpGenerator.Op.PutWithLease p -> {
                    PutResponse r = KVGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(30, TimeUnit.SECONDS)
                            .put(PutRequest.newBuilder()
                                    .setKey(p.key())
                                    .setValue(p.value())
                                    .setLease(p.lease())
                                    .setPrevKv(p.lease() % 2 == 0)
                                    .build());
                    yield ok(
                            r,
                            r.toBuilder()
                                    .setHeader(Canonical.header(r.getHeader()))
                                    .build(),
                            r.getHeader(),
                            true);
                }
                case WatchLeaseOpGenerator.Op.TimeToLive t -> {
                    LeaseTimeToLiveResponse r = lease.leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder()
                            .setID(t.id())
                            .setKeys(t.keys())
                            .build());
                    LeaseTimeToLiveResponse.Builder c = r.toBuilder().setHeader(Canonical.header(r.getHeader()));
                    if (r.getTTL() > 0 && r.getTTL() <= r.getGrantedTTL()) {
                        c.setTTL(1); // remaining time: only "within (0, granted]" is comparable
                    }
                    List<com.google.protobuf.ByteString> keys = new ArrayList<>(r.getKeysList());
                    keys.sort(com.google.protobuf.ByteString.unsignedLexicographicalComparator());
                    c.clearKeys().addAllKeys(keys);
                    yield ok(r, c.build(), r.getHeader(), false);
                }
                case WatchLeaseOpGenerator.Op.Leases l -> {
                    LeaseLeasesResponse r = lease.leaseLeases(LeaseLeasesRequest.getDefaultInstance());
                    List<LeaseStatus> ids = new ArrayList<>(r.getLeasesList());
                    ids.sort(Comparator.comparingLong(LeaseStatus::getID));
                    yield ok(
                            r,
                            r.toBuilder()
                                    .setHeader(Canonical.header(r.getHeader()))
                                    .clearLeases()
                                    .addAllLeases(ids)
                                    .build(),
                            r.getHeader(),
                            false);
                }
                case WatchLeaseOpGenerator.Op.OpenStream o -> {
                    side.open(o.stream());
                    yield Result.watch("opened");
                }
                case WatchLeaseOpGenerator.Op.CloseStream c -> {
                    side.close(c.stream());
                    yield Result.watch("closed");
                }
                case WatchLeaseOpGenerator.Op.Create c -> {
                    side.create(c.stream(), c.request());
                    yield Result.watch("sent");
                }
                case WatchLeaseOpGenerator.Op.Cancel c -> {
                    side.cancel(c.stream(), c.watchId());
                    yield Result.watch("sent");
                }
                case WatchLeaseOpGenerator.Op.Progress p -> {
                    side.requestProgress(p.stream());
                    yield Result.watch("sent");
                }
            };
        } catch (StatusRuntimeException e) {
            String text =
                    "ERROR " + e.getStatus().getCode() + ": " + e.getStatus().getDescription();
            return new Result(text, text, false, false, 0, 0);
        }
    }

    private static Result kv(KvOp op, ManagedChannel channel) {
        KvOp.Outcome outcome = op.execute(channel);
        KvOp.Outcome canonical = Canonical.of(op, outcome);
        if (!(outcome instanceof KvOp.Outcome.Ok ok)) {
            return new Result(outcome.toString(), canonical.toString(), false, false, 0, 0);
        }
        long revision = switch (ok.response()) {
            case RangeResponse r -> r.getHeader().getRevision();
            case PutResponse r -> r.getHeader().getRevision();
            case DeleteRangeResponse r -> r.getHeader().getRevision();
            case TxnResponse r -> r.getHeader().getRevision();
            case CompactionResponse r -> r.getHeader().getRevision();
            default -> 0L;
        };
        boolean writes = switch (op) {
            case KvOp.Range r -> false;
            case KvOp.Txn t -> KvOpGenerator.writes((TxnRequest) t.request());
            default -> true;
        };
        return new Result(
                outcome.toString(),
                canonical.toString(),
                true,
                writes,
                revision,
                WatchLeaseOpGenerator.compactTarget(op));
    }

    private static Result ok(Message raw, Message canonical, ResponseHeader header, boolean writes) {
        String text = TextFormat.printer().emittingSingleLine(true).printToString(raw);
        String canon = TextFormat.printer().emittingSingleLine(true).printToString(canonical);
        return new Result(
                raw.getClass().getSimpleName() + " { " + text + " }", canon, true, writes, header.getRevision(), 0);
    }

    private static int kindIndex(WatchLeaseOpGenerator.Op op) {
        return switch (op) {
            case WatchLeaseOpGenerator.Op.Kv k -> 0;
            case WatchLeaseOpGenerator.Op.Grant g -> 1;
            case WatchLeaseOpGenerator.Op.Revoke r -> 2;
            case WatchLeaseOpGenerator.Op.PutWithLease p -> 3;
            case WatchLeaseOpGenerator.Op.TimeToLive t -> 4;
            case WatchLeaseOpGenerator.Op.Leases l -> 5;
            case WatchLeaseOpGenerator.Op.OpenStream o -> 6;
            case WatchLeaseOpGenerator.Op.CloseStream c -> 7;
            case WatchLeaseOpGenerator.Op.Create c -> 8;
            case WatchLeaseOpGenerator.Op.Cancel c -> 9;
            case WatchLeaseOpGenerator.Op.Progress p -> 10;
        };
    }

    private static String describe(WatchLeaseOpGenerator.Op op) {
        return switch (op) {
            case WatchLeaseOpGenerator.Op.Kv k -> k.op().describe();
            case WatchLeaseOpGenerator.Op.Create c ->
                "WatchCreate on stream " + c.stream() + " { "
                        + TextFormat.printer().emittingSingleLine(true).printToString(c.request()) + " }";
            default -> op.toString();
        };
    }

    /** A fresh etcd (reference) and a fresh target, each with its history watcher. */
    private static final class Pair implements AutoCloseable {
        final ServerProcess reference;
        final ServerProcess target;
        final WatchSide referenceWatch;
        final WatchSide targetWatch;
        boolean dirty;
        long revision; // the reference's revision and compaction point after the last seed
        long compacted;

        private Pair(ServerProcess reference, ServerProcess target) {
            this.reference = reference;
            this.target = target;
            this.referenceWatch = new WatchSide(reference.channel());
            this.targetWatch = new WatchSide(target.channel());
        }

        static Pair start(Target target, String label) {
            CompletableFuture<ServerProcess> ref =
                    CompletableFuture.supplyAsync(() -> ServerProcess.start(Target.ETCD, label + "-reference", null));
            CompletableFuture<ServerProcess> tgt =
                    CompletableFuture.supplyAsync(() -> ServerProcess.start(target, label, null));
            try {
                CompletableFuture.allOf(ref, tgt).join();
            } catch (RuntimeException e) {
                if (!ref.isCompletedExceptionally()) {
                    ref.join().close();
                }
                if (!tgt.isCompletedExceptionally()) {
                    tgt.join().close();
                }
                throw e;
            }
            return new Pair(ref.join(), tgt.join());
        }

        @Override
        public void close() {
            try {
                referenceWatch.close();
                targetWatch.close();
                reference.close();
            } finally {
                target.close();
            }
        }
    }
}
