package dev.cairn.server.watch;

import static dev.cairn.server.watch.HubFixture.bs;
import static dev.cairn.server.watch.HubFixture.create;
import static dev.cairn.server.watch.HubFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting large responses for fragment=true watchers. */
class FragmentTest {
    @TempDir
    Path dir;

    static Event event(int i, int valueBytes) {
        return Event.newBuilder()
                .setKv(KeyValue.newBuilder()
                        .setKey(bs("k" + i))
                        .setValue(bs("x".repeat(valueBytes)))
                        .setModRevision(5))
                .build();
    }

    static WatchResponse response(List<Event> events) {
        return WatchResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(5).setClusterId(1))
                .setWatchId(3)
                .addAllEvents(events)
                .build();
    }

    @Test
    void smallResponsesAndSingleEventsAreNotSplit() {
        WatchResponse small = response(List.of(event(1, 10), event(2, 10)));
        assertThat(Fragmenter.split(small, 1000)).containsExactly(small);
        WatchResponse single = response(List.of(event(1, 5000)));
        assertThat(Fragmenter.split(single, 1000)).containsExactly(single);
    }

    @Test
    void largeResponsesSplitBelowTheThresholdWithFragmentOnAllButTheLast() {
        List<Event> events = IntStream.range(0, 40).mapToObj(i -> event(i, 100)).toList();
        WatchResponse whole = response(events);
        List<WatchResponse> pieces = Fragmenter.split(whole, 1000);
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(pieces.subList(0, pieces.size() - 1))
                .allSatisfy(p -> assertThat(p.getFragment()).isTrue());
        assertThat(pieces.getLast().getFragment()).isFalse();
        assertThat(pieces).allSatisfy(p -> {
            assertThat(p.getSerializedSize()).isLessThan(1000);
            assertThat(p.getHeader()).isEqualTo(whole.getHeader());
            assertThat(p.getWatchId()).isEqualTo(3);
        });
        assertThat(pieces.stream().flatMap(p -> p.getEventsList().stream())).containsExactlyElementsOf(events);
    }

    @Test
    void onlyFragmentWatchersGetPiecesOverTheStream() {
        try (HubFixture f = new HubFixture(dir, HubFixture.SETTINGS.withFragmentBytes(2_000))) {
            HubFixture.Stream s = f.open();
            s.send(req(create("f/").setRangeEnd(bs("f0")).setFragment(true)));
            s.send(req(create("f/").setRangeEnd(bs("f0"))));
            s.sink().next();
            s.sink().next();
            f.txn(t -> IntStream.range(0, 30).forEach(i -> t.put(bs("f/" + i), bs("y".repeat(200)), 0)));
            f.settle();
            List<WatchResponse> got = s.sink().drain();
            List<WatchResponse> fragmented =
                    got.stream().filter(r -> r.getWatchId() == 0).toList();
            List<WatchResponse> whole =
                    got.stream().filter(r -> r.getWatchId() == 1).toList();
            assertThat(whole)
                    .singleElement()
                    .satisfies(r -> assertThat(r.getEventsCount()).isEqualTo(30));
            assertThat(fragmented).hasSizeGreaterThan(1);
            assertThat(fragmented.getLast().getFragment()).isFalse();
            assertThat(fragmented.stream().flatMap(r -> r.getEventsList().stream()))
                    .containsExactlyElementsOf(whole.getFirst().getEventsList());
        }
    }
}
