package dev.cairn.server.election;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.proto.v3electionpb.LeaderResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Observe: sends the current leader (the oldest key under {@code <name>/}), then every Put to
 * that key; when the key is deleted, looks up the next leader and carries on. With no leader, the
 * first Put under the prefix becomes the leader. Runs until {@link #cancel()}.
 *
 * <p>{@link #cancel()} is thread-safe; everything else runs on the election thread.
 */
public final class Observation {
    private final KeyQueues queues;
    private final ByteString prefix;
    private final LeaderSink sink;
    private KeyQueues.@Nullable Subscription subscription;
    private @Nullable ByteString leaderKey;
    private long seen;

    private Observation(KeyQueues queues, ByteString prefix, LeaderSink sink) {
        this.queues = queues;
        this.prefix = prefix;
        this.sink = sink;
    }

    static Observation start(KeyQueues queues, ByteString name, LeaderSink sink) {
        Observation o = new Observation(queues, QueueKeys.prefix(name), sink);
        queues.thread().execute(o::begin);
        return o;
    }

    /** Stops the observation: no sink call starts after the election thread has seen this. */
    public void cancel() {
        queues.thread().execute(this::stop);
    }

    private void begin() {
        subscription = queues.subscribe(prefix, this::onCommit);
        findLeader();
    }

    private void stop() {
        KeyQueues.Subscription s = subscription;
        if (s != null) {
            queues.unsubscribe(s);
        }
        subscription = null;
        leaderKey = null;
    }

    private void findLeader() {
        RangeResponse head;
        try {
            head = queues.rangeNow(QueueKeys.head(prefix));
        } catch (RuntimeException e) {
            stop();
            sink.failed(e);
            return;
        }
        seen = head.getHeader().getRevision();
        leaderKey = null;
        if (head.getKvsCount() > 0) {
            send(head.getHeader(), head.getKvs(0));
        }
    }

    private void onCommit(long revision, List<Event> events) {
        if (subscription == null || revision <= seen) {
            return;
        }
        seen = revision;
        ResponseHeader header =
                ResponseHeader.newBuilder().setRevision(revision).build();
        for (Event e : events) {
            if (leaderKey == null) {
                if (e.getType() == Event.EventType.PUT) {
                    send(header, e.getKv());
                    return;
                }
            } else if (e.getKv().getKey().equals(leaderKey)) {
                if (e.getType() == Event.EventType.DELETE) {
                    findLeader();
                    return;
                }
                send(header, e.getKv());
            }
        }
    }

    private void send(ResponseHeader header, KeyValue kv) {
        leaderKey = kv.getKey();
        sink.leader(LeaderResponse.newBuilder().setHeader(header).setKv(kv).build());
    }
}
