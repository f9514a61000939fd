package dev.cairn.server.watch;

import static dev.cairn.server.watch.HubFixture.bs;
import static dev.cairn.server.watch.HubFixture.cancel;
import static dev.cairn.server.watch.HubFixture.create;
import static dev.cairn.server.watch.HubFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchRequest;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Watch creation and cancellation: IDs, failed creates, ordering, cancel. */
class WatchCreateTest {
    @TempDir
    Path dir;

    HubFixture f;

    @BeforeEach
    void setUp() {
        f = new HubFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void serverChosenIdsCountFromZeroSkipIdsInUseAndNeverGoBack() {
        HubFixture.Stream s = f.open();
        s.send(req(create("a")));
        s.send(req(create("a").setWatchId(1)));
        s.send(req(create("a")));
        s.send(cancel(0));
        s.send(req(create("a")));
        assertThat(List.of(s.sink().next(), s.sink().next(), s.sink().next()))
                .extracting(WatchResponse::getWatchId, WatchResponse::getCreated)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, true),
                        org.assertj.core.groups.Tuple.tuple(1L, true),
                        org.assertj.core.groups.Tuple.tuple(2L, true));
        WatchResponse canceled = s.sink().next();
        assertThat(canceled.getCanceled()).isTrue();
        assertThat(canceled.getWatchId()).isZero();
        assertThat(canceled.getHeader().getRevision()).isEqualTo(1);
        assertThat(s.sink().next().getWatchId()).isEqualTo(3);
    }

    static Stream<Arguments> failedCreates() {
        return Stream.of(
                Arguments.of("range end below key", create("b").setRangeEnd(bs("a")), CancelReasons.EMPTY_RANGE),
                Arguments.of("range end equal to key", create("b").setRangeEnd(bs("b")), CancelReasons.EMPTY_RANGE),
                Arguments.of("negative start revision", create("a").setStartRevision(-1), CancelReasons.COMPACTED),
                Arguments.of("duplicate client id", create("a").setWatchId(7), CancelReasons.DUPLICATE_ID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedCreates")
    void failedCreatesAreCreatedAndCanceledWithIdMinusOne(
            String name, WatchCreateRequest.Builder create, String reason) {
        HubFixture.Stream s = f.open();
        s.send(req(create("x").setWatchId(7)));
        assertThat(s.sink().next().getWatchId()).isEqualTo(7);
        f.put("k", "v");
        s.send(req(create));
        WatchResponse r = s.sink().next();
        assertThat(r)
                .isEqualTo(WatchResponse.newBuilder()
                        .setHeader(s.sink().header(2))
                        .setWatchId(-1)
                        .setCreated(true)
                        .setCanceled(true)
                        .setCancelReason(reason)
                        .build());
    }

    @Test
    void createsAreAnsweredInOrderAndCreatedComesBeforeEvents() {
        HubFixture.Stream s = f.open();
        for (int i = 0; i < 50; i++) {
            s.send(req(create("k")));
        }
        long rev = f.put("k", "v");
        for (int i = 0; i < 50; i++) {
            WatchResponse created = s.sink().next();
            assertThat(created.getCreated()).isTrue();
            assertThat(created.getWatchId()).isEqualTo(i);
        }
        f.settle();
        List<WatchResponse> events = s.sink().drain();
        assertThat(events).hasSize(50).allSatisfy(r -> {
            assertThat(r.getEventsCount()).isOne();
            assertThat(r.getHeader().getRevision()).isEqualTo(rev);
        });
    }

    @Test
    void createdCarriesTheCurrentRevisionAndStartZeroMeansFromTheNextRevision() {
        long before = f.put("k", "old");
        HubFixture.Stream s = f.open();
        s.send(req(create("k")));
        WatchResponse created = s.sink().next();
        assertThat(created.getHeader().getRevision()).isEqualTo(before);
        long rev = f.put("k", "new");
        WatchResponse ev = s.sink().next();
        assertThat(ev.getEventsList()).singleElement().satisfies(e -> {
            assertThat(e.getKv().getModRevision()).isEqualTo(rev);
            assertThat(e.getKv().getValue().toStringUtf8()).isEqualTo("new");
        });
    }

    @Test
    void cancelStopsEventsAndUnknownIdsGetNoAnswer() {
        HubFixture.Stream s = f.open();
        s.send(req(create("k")));
        s.sink().next();
        s.send(cancel(42));
        s.send(cancel(0));
        WatchResponse canceled = s.sink().next();
        assertThat(canceled)
                .isEqualTo(WatchResponse.newBuilder()
                        .setHeader(s.sink().header(1))
                        .setWatchId(0)
                        .setCanceled(true)
                        .build());
        f.put("k", "v");
        f.settle();
        HubFixture.assertEmpty(s.sink());
    }

    @Test
    void emptyAndUnknownRequestsAreIgnoredAndReadingContinues() {
        HubFixture.Stream s = f.open();
        int before = s.sink().requested.get();
        s.send(WatchRequest.getDefaultInstance());
        s.send(req(create("k")));
        assertThat(s.sink().next().getCreated()).isTrue();
        f.settle();
        assertThat(s.sink().requested.get()).isEqualTo(before + 2);
        assertThat(s.sink().ended).isNotDone();
    }

    @Test
    void clientGoneRemovesTheStreamAndItsTicker() {
        HubFixture.Stream s = f.open();
        s.send(req(create("k")));
        s.sink().next();
        assertThat(f.ticks.live()).isOne();
        s.stream().onClientGone();
        f.put("k", "v");
        f.settle();
        assertThat(f.ticks.live()).isZero();
        HubFixture.assertEmpty(s.sink());
        assertThat(s.sink().ended).isNotDone();
    }

    @Test
    void closingTheHubEndsEveryStreamWithHubStopped() {
        HubFixture.Stream s = f.open();
        s.send(req(create("k")));
        s.sink().next();
        f.hub.close();
        assertThat(HubFixture.await(s.sink().ended)).isInstanceOf(HubStoppedException.class);
    }
}
