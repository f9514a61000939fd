package dev.cairn.server.watch;

import static dev.cairn.server.watch.HubFixture.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.storage.mvcc.CompactedException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process API Election and Lock build on. */
class InProcessWatchTest {
    @TempDir
    Path dir;

    static boolean isDelete(Event e) {
        return e.getType() == Event.EventType.DELETE;
    }

    @Test
    void watchOnceCompletesWithTheFirstMatchingEvent() throws Exception {
        try (HubFixture f = new HubFixture(dir)) {
            long created = f.put("lock/a", "me");
            CompletableFuture<Event> deleted =
                    f.hub.watchOnce(bs("lock/a"), ByteString.EMPTY, created + 1, InProcessWatchTest::isDelete);
            f.put("lock/a", "again");
            f.settle();
            assertThat(deleted).isNotDone();
            long rev = f.delete("lock/a", "");
            Event e = deleted.get(10, TimeUnit.SECONDS);
            assertThat(e.getKv().getModRevision()).isEqualTo(rev);
            assertThat(e.getPrevKv().getValue().toStringUtf8()).isEqualTo("again");
        }
    }

    @Test
    void watchOnceFromThePastSeesAnEarlierDeletion() throws Exception {
        try (HubFixture f = new HubFixture(dir)) {
            long created = f.put("k", "v");
            long rev = f.delete("k", "");
            f.put("k", "back");
            Event e = f.hub.watchOnce(bs("k"), ByteString.EMPTY, created + 1, InProcessWatchTest::isDelete)
                    .get(10, TimeUnit.SECONDS);
            assertThat(e.getKv().getModRevision()).isEqualTo(rev);
        }
    }

    @Test
    void watchOnceFailsOnCompactedHistoryAndOnShutdown() {
        try (HubFixture f = new HubFixture(dir)) {
            f.putMany("k", 4);
            f.compact(4);
            CompletableFuture<Event> old = f.hub.watchOnce(bs("k"), ByteString.EMPTY, 2, e -> true);
            assertThatThrownBy(() -> old.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(CompactedException.class);
            CompletableFuture<Event> pending = f.hub.watchOnce(bs("k"), ByteString.EMPTY, 0, e -> false);
            f.hub.close();
            assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HubStoppedException.class);
        }
    }

    @Test
    void subscriptionDeliversWholeRevisionsUntilCancelled() {
        try (HubFixture f = new HubFixture(dir)) {
            List<Long> seen = new CopyOnWriteArrayList<>();
            WatchHub.Subscription sub = f.hub.watch(bs("p/"), bs("p0"), 0, new EventListener() {
                @Override
                public void onEvents(long revision, List<Event> events) {
                    events.forEach(e -> seen.add(e.getKv().getModRevision()));
                }

                @Override
                public void onEnd(Throwable cause) {}
            });
            long a = f.txn(t -> {
                t.put(bs("p/1"), bs("x"), 0);
                t.put(bs("p/2"), bs("y"), 0);
            });
            f.settle();
            sub.cancel();
            f.put("p/3", "z");
            f.settle();
            assertThat(seen).containsExactly(a, a);
        }
    }
}
