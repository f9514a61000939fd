package dev.cairn.server.watch;

import static dev.cairn.server.watch.HubFixture.create;
import static dev.cairn.server.watch.HubFixture.progress;
import static dev.cairn.server.watch.HubFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.WatchResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Periodic progress notifications and progress requests. */
class ProgressTest {
    @TempDir
    Path dir;

    @Test
    void tickNotifiesQuietSyncedProgressWatchersOnly() {
        try (HubFixture f = new HubFixture(dir)) {
            long rev = f.put("x", "1");
            HubFixture.Stream s = f.open();
            s.send(req(create("a").setProgressNotify(true)));
            s.send(req(create("b").setProgressNotify(true)));
            s.send(req(create("c")));
            for (int i = 0; i < 3; i++) {
                s.sink().next();
            }
            f.ticks.fire();
            f.settle();
            assertThat(s.sink().drain())
                    .containsExactly(
                            WatchResponse.newBuilder()
                                    .setHeader(s.sink().header(rev))
                                    .setWatchId(0)
                                    .build(),
                            WatchResponse.newBuilder()
                                    .setHeader(s.sink().header(rev))
                                    .setWatchId(1)
                                    .build());
            long next = f.put("a", "event");
            assertThat(s.sink().next().getWatchId()).isZero();
            f.ticks.fire();
            f.settle();
            assertThat(s.sink().drain())
                    .as("a watcher that got events since the last tick is skipped once")
                    .containsExactly(WatchResponse.newBuilder()
                            .setHeader(s.sink().header(next))
                            .setWatchId(1)
                            .build());
            f.ticks.fire();
            f.settle();
            assertThat(s.sink().drain()).extracting(WatchResponse::getWatchId).containsExactly(0L, 1L);
        }
    }

    @Test
    void tickSkipsWatchersThatAreCatchingUp() {
        try (HubFixture f = new HubFixture(dir, HubFixture.SETTINGS.withOutboxCapacity(1))) {
            HubFixture.Stream s = f.open();
            s.send(req(create("k").setProgressNotify(true)));
            s.sink().next();
            s.sink().ready = false;
            f.putMany("k", 5);
            f.settle();
            f.ticks.fire();
            f.ticks.fire();
            f.settle();
            s.sink().ready = true;
            s.stream().onReady();
            f.settle();
            assertThat(s.sink().drain())
                    .allSatisfy(r -> assertThat(r.getEventsCount()).isPositive());
        }
    }

    @ParameterizedTest(name = "flag {0} ms -> {1} ms")
    @CsvSource({"0, 600000", "10, 100", "5000, 5000", "-1000, 600000"})
    void intervalIsAdjustedAsEtcdAndJitteredByUpToTenPercent(long flagMillis, long expectedMillis) {
        Duration want = Duration.ofMillis(expectedMillis);
        WatchSettings settings = WatchSettings.etcd(1_572_864L, Duration.ofMillis(flagMillis));
        assertThat(settings.progressNotifyInterval()).isEqualTo(want);
        try (HubFixture f = new HubFixture(dir, settings)) {
            f.open();
            Duration period = f.ticks.periods().getFirst();
            assertThat(period).isBetween(want, want.plus(want.dividedBy(10)));
        }
    }

    @Test
    void progressRequestAnswersWithMinusOneWhenEverythingIsSynced() {
        try (HubFixture f = new HubFixture(dir)) {
            HubFixture.Stream s = f.open();
            s.send(progress());
            f.settle();
            HubFixture.assertEmpty(s.sink());
            s.send(req(create("a")));
            s.send(req(create("b")));
            s.sink().next();
            s.sink().next();
            long rev = f.put("z", "1");
            s.send(progress());
            assertThat(s.sink().next())
                    .isEqualTo(WatchResponse.newBuilder()
                            .setHeader(s.sink().header(rev))
                            .setWatchId(-1)
                            .build());
        }
    }

    @Test
    void progressRequestIsDeferredUntilEveryWatcherCaughtUpAndAnsweredOnce() {
        try (HubFixture f = new HubFixture(dir, HubFixture.SETTINGS.withOutboxCapacity(2))) {
            HubFixture.Stream s = f.open();
            s.send(req(create("k")));
            s.send(req(create("other")));
            s.sink().next();
            s.sink().next();
            s.sink().ready = false;
            List<Long> revs = f.putMany("k", 20);
            f.settle();
            s.send(progress());
            s.send(progress());
            f.settle();
            assertThat(s.sink().sent).isEmpty();
            s.sink().ready = true;
            s.stream().onReady();
            f.settle();
            List<WatchResponse> got = s.sink().drain();
            WatchResponse last = got.getLast();
            assertThat(last)
                    .isEqualTo(WatchResponse.newBuilder()
                            .setHeader(s.sink().header(revs.getLast()))
                            .setWatchId(-1)
                            .build());
            assertThat(got.subList(0, got.size() - 1))
                    .allSatisfy(r -> assertThat(r.getEventsCount()).isPositive());
            assertThat(CatchUpTest.revisions(got)).containsExactlyElementsOf(revs);
            long after = f.put("k", "late");
            assertThat(s.sink().next().getEvents(0).getKv().getModRevision())
                    .as("no event at or below an announced progress revision follows it")
                    .isEqualTo(after)
                    .isGreaterThan(last.getHeader().getRevision());
        }
    }

    @Test
    void cancelingTheLastUnsyncedWatcherReleasesADeferredProgressRequest() {
        try (HubFixture f = new HubFixture(dir, HubFixture.SETTINGS.withOutboxCapacity(1))) {
            HubFixture.Stream s = f.open();
            s.send(req(create("k")));
            s.send(req(create("quiet")));
            s.sink().next();
            s.sink().next();
            s.sink().ready = false;
            long rev = f.putMany("k", 3).getLast();
            s.send(progress());
            s.send(HubFixture.cancel(0));
            f.settle();
            s.sink().ready = true;
            s.stream().onReady();
            f.settle();
            List<WatchResponse> got = s.sink().drain();
            assertThat(got.getLast())
                    .isEqualTo(WatchResponse.newBuilder()
                            .setHeader(s.sink().header(rev))
                            .setWatchId(-1)
                            .build());
        }
    }
}
