package dev.cairn.server.peer;

import com.google.protobuf.ByteString;
import dev.cairn.proto.raftpb.MemberRecord;
import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.raft.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A {@link PeerInbox} that records what arrives, for tests. Thread-safe. */
final class RecordingInbox implements PeerInbox {
    /** The awaits below only bound a hung test; nothing asserts on time. */
    static final long WAIT_SECONDS = 30;

    /** A snapshot that was finished: its header and its chunks in arrival order. */
    record ReceivedSnapshot(Message header, List<ByteString> chunks) {
        ByteString data() {
            return ByteString.copyFrom(chunks);
        }
    }

    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<ReceivedSnapshot> snapshots = new LinkedBlockingQueue<>();
    final BlockingQueue<Message> aborted = new LinkedBlockingQueue<>();
    final MembersResponse members;
    volatile boolean failWrites;

    RecordingInbox(long clusterId, long memberId, String url) {
        this.members = MembersResponse.newBuilder()
                .setClusterId(clusterId)
                .addMembers(MemberRecord.newBuilder()
                        .setId(memberId)
                        .setName("m" + memberId)
                        .addPeerUrls(url))
                .build();
    }

    @Override
    public void receive(Message message) {
        messages.add(message);
    }

    @Override
    public SnapshotSink receiveSnapshot(Message header) {
        List<ByteString> chunks = new ArrayList<>();
        return new SnapshotSink() {
            @Override
            public void write(ByteString chunk) throws IOException {
                if (failWrites) {
                    throw new IOException("disk full");
                }
                chunks.add(chunk);
            }

            @Override
            public void finish() {
                snapshots.add(new ReceivedSnapshot(header, List.copyOf(chunks)));
            }

            @Override
            public void abort() {
                aborted.add(header);
            }
        };
    }

    @Override
    public MembersResponse members() {
        return members;
    }

    /** The next {@code n} messages, failing if they do not arrive in time. */
    List<Message> take(int n) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next(messages));
        }
        return out;
    }

    static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        @Nullable T t = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("nothing arrived within " + WAIT_SECONDS + "s");
        }
        return t;
    }
}
