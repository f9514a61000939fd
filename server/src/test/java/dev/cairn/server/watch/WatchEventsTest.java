package dev.cairn.server.watch;

import static dev.cairn.server.watch.HubFixture.bs;
import static dev.cairn.server.watch.HubFixture.create;
import static dev.cairn.server.watch.HubFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.proto.mvccpb.KeyValue;
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

/** Live events: ranges, prev_kv, filters, transactions, deletes. */
class WatchEventsTest {
    static final List<String> KEYS = List.of("\0", "a", "ab", "abc", "b", "zz");

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

    static Stream<Arguments> ranges() {
        return Stream.of(
                Arguments.of("single key", "a", "", List.of("a")),
                Arguments.of("prefix a", "a", "b", List.of("a", "ab", "abc")),
                Arguments.of("interval", "ab", "b", List.of("ab", "abc")),
                Arguments.of("from key", "ab", "\0", List.of("ab", "abc", "b", "zz")),
                Arguments.of("all keys", "\0", "\0", KEYS),
                Arguments.of("empty key is \\0", "", "", List.of("\0")),
                Arguments.of("empty key with from-key end", "", "\0", KEYS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ranges")
    void rangesMatchAsEtcdDoes(String name, String key, String end, List<String> expected) {
        HubFixture.Stream s = f.open();
        s.send(req(create(key).setRangeEnd(bs(end))));
        s.sink().next();
        long rev = f.txn(t -> KEYS.forEach(k -> t.put(bs(k), bs("v"), 0)));
        WatchResponse r = s.sink().next();
        assertThat(r.getHeader().getRevision()).isEqualTo(rev);
        assertThat(r.getEventsList())
                .extracting(e -> e.getKv().getKey().toStringUtf8())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void prevKvOnlyWhenAskedAndOnlyForNonCreateEvents() {
        f.put("k", "one");
        HubFixture.Stream s = f.open();
        s.send(req(create("k").setPrevKv(true).setWatchId(1)));
        s.send(req(create("k").setWatchId(2)));
        s.sink().next();
        s.sink().next();
        f.put("k", "two");
        f.settle();
        List<WatchResponse> rs = s.sink().drain();
        assertThat(rs).hasSize(2);
        Event withPrev = rs.get(0).getEvents(0);
        assertThat(withPrev.getPrevKv().getValue().toStringUtf8()).isEqualTo("one");
        assertThat(rs.get(1).getEvents(0).hasPrevKv()).isFalse();
        f.delete("k", "");
        f.put("k", "fresh");
        f.settle();
        List<WatchResponse> more = s.sink().drain();
        assertThat(more.stream().filter(r -> r.getWatchId() == 1).map(r -> r.getEvents(0)))
                .extracting(Event::getType, e -> e.getPrevKv().getValue().toStringUtf8())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Event.EventType.DELETE, "two"),
                        org.assertj.core.groups.Tuple.tuple(Event.EventType.PUT, ""));
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(List.of(), List.of(Event.EventType.PUT, Event.EventType.DELETE)),
                Arguments.of(List.of(WatchCreateRequest.FilterType.NOPUT), List.of(Event.EventType.DELETE)),
                Arguments.of(List.of(WatchCreateRequest.FilterType.NODELETE), List.of(Event.EventType.PUT)),
                Arguments.of(
                        List.of(WatchCreateRequest.FilterType.NOPUT, WatchCreateRequest.FilterType.NODELETE),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filtersDropEventsAndEmptyResponsesAreNotSent(
            List<WatchCreateRequest.FilterType> filters, List<Event.EventType> expected) {
        HubFixture.Stream s = f.open();
        s.send(req(create("k").addAllFilters(filters)));
        s.sink().next();
        f.put("k", "v");
        f.delete("k", "");
        f.settle();
        assertThat(s.sink().drain())
                .flatExtracting(WatchResponse::getEventsList)
                .extracting(Event::getType)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void eventsOfOneTransactionComeTogetherInSubRevisionOrder() {
        f.put("p/b", "old");
        HubFixture.Stream s = f.open();
        s.send(req(create("p/").setRangeEnd(bs("p0"))));
        s.sink().next();
        long rev = f.txn(t -> {
            t.put(bs("p/c"), bs("1"), 0);
            t.deleteRange(bs("p/b"), bs(""));
            t.put(bs("p/a"), bs("2"), 0);
        });
        WatchResponse r = s.sink().next();
        assertThat(r.getEventsList())
                .extracting(e -> e.getType() + " " + e.getKv().getKey().toStringUtf8())
                .containsExactly("PUT p/c", "DELETE p/b", "PUT p/a");
        assertThat(r.getEventsList())
                .allSatisfy(e -> assertThat(e.getKv().getModRevision()).isEqualTo(rev));
    }

    @Test
    void deleteEventsCarryATombstoneAndPrevKv() {
        long created = f.txn(t -> {
            t.put(bs("d/1"), bs("x"), 0);
            t.put(bs("d/2"), bs("y"), 0);
            t.put(bs("d/3"), bs("z"), 0);
        });
        HubFixture.Stream s = f.open();
        s.send(req(create("d/").setRangeEnd(bs("d0")).setPrevKv(true)));
        s.sink().next();
        long rev = f.delete("d/", "d0");
        WatchResponse r = s.sink().next();
        assertThat(r.getEventsList()).hasSize(3).allSatisfy(e -> {
            assertThat(e.getType()).isEqualTo(Event.EventType.DELETE);
            assertThat(e.getKv())
                    .isEqualTo(KeyValue.newBuilder()
                            .setKey(e.getKv().getKey())
                            .setModRevision(rev)
                            .build());
            assertThat(e.getPrevKv().getModRevision()).isEqualTo(created);
            assertThat(e.getPrevKv().getKey()).isEqualTo(e.getKv().getKey());
        });
    }

    @Test
    void futureStartRevisionWaitsForThatRevision() {
        long now = f.put("k", "1");
        HubFixture.Stream s = f.open();
        s.send(req(create("k").setStartRevision(now + 3).setProgressNotify(true)));
        assertThat(s.sink().next().getHeader().getRevision()).isEqualTo(now);
        f.put("k", "2");
        f.put("k", "3");
        s.send(HubFixture.progress());
        f.ticks.fire();
        f.settle();
        HubFixture.assertEmpty(s.sink());
        long rev = f.put("k", "4");
        assertThat(rev).isEqualTo(now + 3);
        WatchResponse r = s.sink().next();
        assertThat(r.getEvents(0).getKv().getValue().toStringUtf8()).isEqualTo("4");
        // the deferred progress request is answered once the watcher's start is reached
        assertThat(s.sink().next())
                .isEqualTo(WatchResponse.newBuilder()
                        .setHeader(s.sink().header(rev))
                        .setWatchId(-1)
                        .build());
    }

    @Test
    void commitsThatWaitedTogetherComeInOneResponsePerWatcherWithTheLastRevision() {
        long now = f.put("k", "0");
        HubFixture.Stream s = f.open();
        s.send(req(create("k").setWatchId(1)));
        s.send(req(create("k").setWatchId(2).setPrevKv(true)));
        s.send(req(create("k").setWatchId(3).setStartRevision(now + 4)));
        s.send(req(create("a").setRangeEnd(bs("z")).setWatchId(4).addFilters(WatchCreateRequest.FilterType.NOPUT)));
        for (int i = 0; i < 4; i++) {
            assertThat(s.sink().next().getCreated()).isTrue();
        }
        List<Long> revs = f.putManyWhileHubIsBusy("k", 5);
        List<WatchResponse> rs = s.sink().drain();
        assertThat(rs).extracting(WatchResponse::getWatchId).containsExactly(1L, 2L, 3L);
        assertThat(rs).allSatisfy(r -> assertThat(r.getHeader().getRevision()).isEqualTo(revs.getLast()));
        assertThat(CatchUpTest.revisions(rs.subList(0, 1))).containsExactlyElementsOf(revs);
        assertThat(rs.get(0).getEventsList()).noneMatch(Event::hasPrevKv);
        assertThat(CatchUpTest.revisions(rs.subList(1, 2))).containsExactlyElementsOf(revs);
        assertThat(rs.get(1).getEventsList()).allMatch(Event::hasPrevKv);
        assertThat(CatchUpTest.revisions(rs.subList(2, 3))).containsExactly(now + 4, now + 5);
    }

    @Test
    void watchersOnTheSameRangeAreMatchedTogetherAndCancelledApart() {
        HubFixture.Stream s = f.open();
        s.send(req(create("p/").setRangeEnd(bs("p0")).setWatchId(1)));
        s.send(req(create("p/").setRangeEnd(bs("p0")).setWatchId(2)));
        s.send(req(create("p/x").setWatchId(3)));
        s.send(req(create("p/x").setWatchId(4)));
        for (int i = 0; i < 4; i++) {
            assertThat(s.sink().next().getCreated()).isTrue();
        }
        s.send(HubFixture.cancel(1));
        s.send(HubFixture.cancel(3));
        assertThat(s.sink().next().getCanceled()).isTrue();
        assertThat(s.sink().next().getCanceled()).isTrue();
        long rev = f.put("p/x", "v");
        f.settle();
        assertThat(s.sink().drain())
                .allSatisfy(r -> assertThat(r.getHeader().getRevision()).isEqualTo(rev))
                .extracting(WatchResponse::getWatchId)
                .containsExactlyInAnyOrder(2L, 4L);
    }
}
