package dev.cairn.server.watch;

import com.google.protobuf.CodedOutputStream;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a large event response of a {@code fragment=true} watcher into pieces, as etcd does: a
 * response under the threshold, or with fewer than two events, goes out whole; otherwise each
 * piece takes events until the next one would bring it to the threshold (a piece always holds at
 * least one event), and every piece but the last has {@code fragment=true}. Header, watch_id and
 * flags repeat in each piece. Stateless; thread-safe.
 */
final class Fragmenter {
    private Fragmenter() {}

    static List<WatchResponse> split(WatchResponse whole, long threshold) {
        if (whole.getEventsCount() < 2 || whole.getSerializedSize() < threshold) {
            return List.of(whole);
        }
        WatchResponse empty = whole.toBuilder().clearEvents().build();
        long base = empty.getSerializedSize();
        List<WatchResponse> pieces = new ArrayList<>();
        List<Event> current = new ArrayList<>();
        long size = base;
        for (Event e : whole.getEventsList()) {
            long eventSize = CodedOutputStream.computeMessageSize(WatchResponse.EVENTS_FIELD_NUMBER, e);
            if (!current.isEmpty() && size + eventSize >= threshold) {
                pieces.add(piece(empty, current, true));
                current = new ArrayList<>();
                size = base;
            }
            current.add(e);
            size += eventSize;
        }
        pieces.add(piece(empty, current, false));
        return pieces;
    }

    private static WatchResponse piece(WatchResponse empty, List<Event> events, boolean more) {
        return empty.toBuilder().addAllEvents(events).setFragment(more).build();
    }
}
