package dev.cairn.server.watch;

import static dev.cairn.server.watch.HubFixture.bs;
import static dev.cairn.server.watch.HubFixture.create;
import static dev.cairn.server.watch.HubFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.WatchResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many watchers on one stream, many streams. */
class ScaleTest {
    @TempDir
    Path dir;

    @Test
    void tenThousandWatchersOnOneStreamEachGetTheirKey() {
        int n = 10_000;
        try (HubFixture f = new HubFixture(dir)) {
            HubFixture.Stream s = f.open();
            for (int i = 0; i < n; i++) {
                s.send(req(create("w/" + i)));
            }
            s.send(req(create("w/").setRangeEnd(bs("w0"))));
            f.settle();
            assertThat(s.sink().drain())
                    .hasSize(n + 1)
                    .allSatisfy(r -> assertThat(r.getCreated()).isTrue());
            long rev = f.txn(t -> IntStream.range(0, n).forEach(i -> t.put(bs("w/" + i), bs("v"), 0)));
            f.settle();
            List<WatchResponse> got = s.sink().drain();
            assertThat(got).hasSize(n + 1);
            Set<Long> ids = new HashSet<>();
            for (WatchResponse r : got) {
                assertThat(r.getHeader().getRevision()).isEqualTo(rev);
                ids.add(r.getWatchId());
                if (r.getWatchId() == n) {
                    assertThat(r.getEventsCount()).isEqualTo(n);
                } else {
                    assertThat(r.getEventsList())
                            .singleElement()
                            .satisfies(e -> assertThat(e.getKv().getKey().toStringUtf8())
                                    .isEqualTo("w/" + r.getWatchId()));
                }
            }
            assertThat(ids).hasSize(n + 1);
        }
    }

    @Test
    void manyStreamsEachGetEveryEvent() {
        try (HubFixture f = new HubFixture(dir)) {
            List<HubFixture.Stream> streams = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                HubFixture.Stream s = f.open();
                s.send(req(create("m/").setRangeEnd(bs("m0"))));
                streams.add(s);
            }
            f.settle();
            streams.forEach(s -> assertThat(s.sink().next().getCreated()).isTrue());
            List<Long> revs = f.putMany("m/x", 20);
            f.settle();
            for (HubFixture.Stream s : streams) {
                assertThat(CatchUpTest.revisions(s.sink().drain())).containsExactlyElementsOf(revs);
            }
        }
    }
}
