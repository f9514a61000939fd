package dev.cairn.conformance;

import com.google.protobuf.ByteString;
import com.google.protobuf.TextFormat;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * The watch streams a differential run keeps open on one server, and what each of them received,
 * filed by watcher (in creation order) rather than by arrival, because the interleaving of
 * different watchers' responses on one stream is not specified.
 *
 * <p>A history watcher on its own stream sees every key from revision 1: it tells how many events
 * each watcher must have received by a given revision, so {@link #settle} waits for exactly the
 * responses the last op caused and never for a fixed time.
 *
 * <p>Not thread-safe: the test thread owns it (gRPC threads only fill the queue).
 */
final class WatchSide implements AutoCloseable {
    static final int HISTORY = -1;

    /** One watcher: its create request and every response filed to it. */
    static final class Watcher {
        final int index;
        final int stream;
        final WatchCreateRequest request;
        final List<WatchResponse> responses = new ArrayList<>();
        long from; // first revision it must report (start_revision, or created revision + 1)
        long id = Long.MIN_VALUE;
        boolean created;
        boolean ended;
        boolean cancelAsked;
        boolean compactedAtCreate; // start revision below the compaction point when created
        int events;

        Watcher(int index, int stream, WatchCreateRequest request) {
            this.index = index;
            this.stream = stream;
            this.request = request;
        }

        boolean live() {
            return created && !ended;
        }
    }

    /** One stream's bookkeeping. */
    static final class Stream {
        final WatchStreamClient client;
        final Deque<Watcher> pendingCreates = new ArrayDeque<>();
        final Map<Long, Watcher> live = new HashMap<>();
        final List<WatchResponse> progress = new ArrayList<>();
        final List<WatchResponse> stray = new ArrayList<>();
        int progressAsked;
        boolean holdsCompacted; // a watcher here was canceled by compaction: etcd keeps its ID taken
        boolean open = true;

        @Nullable
        Throwable endedWith;

        Stream(WatchStreamClient client) {
            this.client = client;
        }
    }

    private final ManagedChannel channel;
    private final LinkedBlockingQueue<WatchStreamClient.Item> queue = new LinkedBlockingQueue<>();
    final Map<Integer, Stream> streams = new HashMap<>();
    final List<Watcher> watchers = new ArrayList<>();
    final List<Event> history = new ArrayList<>();
    private final Stream historyStream;
    long compactRevision; // the reference's, set by the test before each op
    long historyRevision = 1; // a new store is at revision 1 without any event

    WatchSide(ManagedChannel channel) {
        this.channel = channel;
        this.historyStream = new Stream(new WatchStreamClient(channel, queue, HISTORY));
        streams.put(HISTORY, historyStream);
        historyStream.client.create(WatchCreateRequest.newBuilder()
                .setKey(ByteString.copyFrom(new byte[] {0}))
                .setRangeEnd(ByteString.copyFrom(new byte[] {0}))
                .setStartRevision(1)
                .build());
        Watcher h = new Watcher(-1, HISTORY, WatchCreateRequest.getDefaultInstance());
        historyStream.pendingCreates.add(h);
    }

    /**
     * Bumped by {@link #reset}: queue items are tagged with epoch * EPOCH + stream, so the late end
     * of a stream closed in an earlier seed cannot be filed to a new stream with the same number.
     */
    private int epoch;

    private static final int EPOCH = 100_000;

    void open(int stream) {
        streams.put(stream, new Stream(new WatchStreamClient(channel, queue, epoch * EPOCH + stream)));
    }

    void close(int stream) {
        Stream s = streams.remove(stream);
        if (s != null) {
            s.client.close();
            s.open = false;
            for (Watcher w : watchers) {
                if (w.stream == stream) {
                    w.ended = true;
                }
            }
        }
    }

    Stream stream(int stream) {
        Stream s = streams.get(stream);
        if (s == null) {
            throw new IllegalStateException("no stream " + stream);
        }
        return s;
    }

    Watcher create(int stream, WatchCreateRequest request) {
        Watcher w = new Watcher(watchers.size(), stream, request);
        w.compactedAtCreate = request.getStartRevision() > 0 && request.getStartRevision() < compactRevision;
        watchers.add(w);
        Stream s = stream(stream);
        s.pendingCreates.add(w);
        s.client.create(request);
        return w;
    }

    void cancel(int stream, long watchId) {
        Stream s = stream(stream);
        Watcher w = s.live.get(watchId);
        if (w != null) {
            w.cancelAsked = true;
        }
        s.client.cancel(watchId);
    }

    void requestProgress(int stream) {
        Stream s = stream(stream);
        s.progressAsked++;
        s.client.requestProgress();
    }

    /** Files everything that has arrived, without waiting. */
    void pump() {
        WatchStreamClient.Item item;
        while ((item = queue.poll()) != null) {
            file(item);
        }
    }

    private void file(WatchStreamClient.Item item) {
        int tag = item.tag();
        if (tag != HISTORY && tag / EPOCH != epoch) {
            return; // a stream of an earlier seed
        }
        Stream s = streams.get(tag == HISTORY ? HISTORY : tag % EPOCH);
        if (s == null) {
            return; // a stream closed by the test: its tail does not count
        }
        if (item instanceof WatchStreamClient.Item.Ended ended) {
            s.open = false;
            s.endedWith = ended.error();
            return;
        }
        WatchResponse r = ((WatchStreamClient.Item.Response) item).response();
        if (r.getCreated()) {
            Watcher w = s.pendingCreates.poll();
            if (w == null) {
                s.stray.add(r);
                return;
            }
            w.responses.add(r);
            w.created = true;
            w.id = r.getWatchId();
            long start = w.request.getStartRevision();
            w.from = start > 0 ? start : r.getHeader().getRevision() + 1;
            if (r.getCanceled()) {
                w.ended = true;
            } else {
                s.live.put(r.getWatchId(), w);
            }
            return;
        }
        if (WatchStreamClient.isProgress(r) && r.getWatchId() == -1) {
            s.progress.add(r);
            return;
        }
        Watcher w = s.live.get(r.getWatchId());
        if (w == null) {
            s.stray.add(r);
            return;
        }
        if (tag == HISTORY) {
            history.addAll(r.getEventsList());
            for (Event e : r.getEventsList()) {
                historyRevision = Math.max(historyRevision, e.getKv().getModRevision());
            }
            return;
        }
        w.responses.add(r);
        w.events += r.getEventsCount();
        if (r.getCompactRevision() != 0) {
            s.holdsCompacted = true;
        }
        if (r.getCanceled()) {
            w.ended = true;
            s.live.remove(r.getWatchId());
        }
    }

    /**
     * Waits (bounded) until this server has sent what the ops so far must have caused: the history
     * watcher is at {@code revision}, every create and cancel is answered, each progress request
     * has its answer, and every live watcher has the events the history says it must have.
     * Returns what is still missing, empty when settled.
     */
    String settle(long revision, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            pump();
            String missing = missing(revision);
            if (missing.isEmpty()) {
                return "";
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return missing;
            }
            WatchStreamClient.Item item;
            try {
                item = queue.poll(Math.min(left, 50_000_000L), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            if (item != null) {
                file(item);
            }
        }
    }

    private String missing(long revision) {
        if (historyRevision < revision) {
            return "history watcher at " + historyRevision + " < " + revision;
        }
        for (Map.Entry<Integer, Stream> e : streams.entrySet()) {
            Stream s = e.getValue();
            if (!s.open) {
                continue;
            }
            if (!s.pendingCreates.isEmpty()) {
                return "stream " + e.getKey() + ": created response pending";
            }
            if (s.progress.size() < s.progressAsked) {
                return "stream " + e.getKey() + ": progress response pending";
            }
        }
        for (Watcher w : watchers) {
            if (!w.live()) {
                continue;
            }
            if (w.cancelAsked) {
                return "watcher #" + w.index + ": cancel response pending";
            }
            if (w.compactedAtCreate) {
                return "watcher #" + w.index + ": compacted cancel pending";
            }
            int want = expectedEvents(w, revision);
            if (w.events < want) {
                return "watcher #" + w.index + ": " + w.events + " of " + want + " events by revision " + revision;
            }
        }
        return "";
    }

    int expectedEvents(Watcher w, long revision) {
        int n = 0;
        for (Event e : history) {
            long rev = e.getKv().getModRevision();
            if (rev < w.from || rev > revision || !matches(w.request, e)) {
                continue;
            }
            n++;
        }
        return n;
    }

    static boolean matches(WatchCreateRequest r, Event e) {
        for (WatchCreateRequest.FilterType f : r.getFiltersList()) {
            if (f == WatchCreateRequest.FilterType.NOPUT && e.getType() == Event.EventType.PUT) {
                return false;
            }
            if (f == WatchCreateRequest.FilterType.NODELETE && e.getType() == Event.EventType.DELETE) {
                return false;
            }
        }
        ByteString key = r.getKey().isEmpty() ? ByteString.copyFrom(new byte[] {0}) : r.getKey();
        ByteString end = r.getRangeEnd();
        ByteString k = e.getKv().getKey();
        var cmp = ByteString.unsignedLexicographicalComparator();
        if (end.isEmpty()) {
            return k.equals(key);
        }
        if (end.size() == 1 && end.byteAt(0) == 0) {
            return cmp.compare(k, key) >= 0;
        }
        return cmp.compare(k, key) >= 0 && cmp.compare(k, end) < 0;
    }

    /**
     * etcd never sets prev_kv on a create (a PUT whose version is 1), even when the same Txn
     * deleted the key just before ({@code WatchLeaseDifferentialTest#prevKvOfDeleteThenPutInOneTxn}).
     * Cairn matches since commit 67a8ba9; {@code -Dwdiff.strictPrevKv=false} leaves prev_kv of
     * creates out of the comparison, for bisecting older Cairn builds.
     */
    static final boolean STRICT_PREV_KV = Boolean.parseBoolean(System.getProperty("wdiff.strictPrevKv", "true"));

    /**
     * A response in the form two conforming servers agree on: no cluster/member/raft_term, and
     * (see {@link #STRICT_PREV_KV}) no prev_kv on a create event.
     */
    static String canonical(WatchResponse r) {
        WatchResponse.Builder c = r.toBuilder().setHeader(Canonical.header(r.getHeader()));
        if (!STRICT_PREV_KV) {
            for (int i = 0; i < c.getEventsCount(); i++) {
                Event e = c.getEvents(i);
                if (e.getType() == Event.EventType.PUT && e.getKv().getVersion() == 1) {
                    c.setEvents(i, e.toBuilder().clearPrevKv());
                }
            }
        }
        return TextFormat.printer().emittingSingleLine(true).printToString(c.build());
    }

    static List<String> canonical(List<WatchResponse> responses) {
        return responses.stream().map(WatchSide::canonical).toList();
    }

    /** Closes every stream but the history's and forgets their watchers (between seeds). */
    void reset() {
        for (Integer stream : List.copyOf(streams.keySet())) {
            if (stream != HISTORY) {
                close(stream);
            }
        }
        watchers.clear();
        epoch++;
    }

    @Override
    public void close() {
        for (Stream s : streams.values()) {
            s.client.close();
        }
        streams.clear();
    }
}
