package dev.cairn.server.peer;

import static dev.cairn.server.peer.RecordingInbox.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Message;
import dev.cairn.raft.MessageType;
import dev.cairn.raft.Snapshot;
import dev.cairn.raft.SnapshotMetadata;
import dev.cairn.server.config.EtcdUrl;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two or more members on loopback, plaintext. */
class PeerTransportTest {
    private final PeerNodes nodes = new PeerNodes();
    private final PeerSecurity plain = PeerSecurity.plaintext();

    @AfterEach
    void close() throws Exception {
        nodes.close();
    }

    @Test
    void batchesFlowBothWaysInOrder() throws Exception {
        PeerNodes.Node a = nodes.start(1, "http", plain);
        PeerNodes.Node b = nodes.start(2, "http", plain);
        RecordingReports ra = new RecordingReports();
        PeerTransport ta = nodes.transport(plain, SnapshotSource.inline(1024), ra);
        PeerTransport tb = nodes.transport(plain, SnapshotSource.inline(1024), new RecordingReports());
        ta.addPeer(2, List.of(b.url()));
        tb.addPeer(1, List.of(a.url()));

        List<Message> toB = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            toB.add(PeerNodes.append(1, 2, i, "entry " + i));
        }
        ta.send(toB.subList(0, 20));
        ta.send(toB.subList(20, 50));
        assertThat(b.inbox().take(50)).containsExactlyElementsOf(toB);

        Message reply = Message.builder(MessageType.APP_RESP)
                .from(2)
                .to(1)
                .term(2)
                .index(50)
                .build();
        tb.send(List.of(reply));
        assertThat(next(a.inbox().messages)).isEqualTo(reply);
        assertThat(ra.unreachable).isEmpty();
        assertThat(ta.peers()).containsExactly(2L);
    }

    @Test
    void messagesAreGroupedPerDestination() throws Exception {
        PeerNodes.Node b = nodes.start(2, "http", plain);
        PeerNodes.Node c = nodes.start(3, "http", plain);
        PeerTransport ta = nodes.transport(plain, SnapshotSource.inline(1024), new RecordingReports());
        ta.addPeer(2, List.of(b.url()));
        ta.addPeer(3, List.of(c.url()));
        ta.send(List.of(
                PeerNodes.heartbeat(1, 2),
                PeerNodes.heartbeat(1, 3),
                PeerNodes.append(1, 3, 7, "x"),
                PeerNodes.append(1, 2, 7, "y")));
        assertThat(b.inbox().take(2)).containsExactly(PeerNodes.heartbeat(1, 2), PeerNodes.append(1, 2, 7, "y"));
        assertThat(c.inbox().take(2)).containsExactly(PeerNodes.heartbeat(1, 3), PeerNodes.append(1, 3, 7, "x"));
    }

    @Test
    void aDownPeerIsReportedUnreachableAndReachedAgainWhenItComesBack() throws Exception {
        String dead = nodes.deadUrl();
        RecordingReports reports = new RecordingReports();
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(1024), reports);
        t.addPeer(2, List.of(dead));
        t.send(List.of(PeerNodes.heartbeat(1, 2)));
        assertThat(next(reports.unreachable)).isEqualTo(2L);

        // The peer starts on that port; the link reconnects after its backoff.
        int port = Integer.parseInt(EtcdUrl.parse(dead).port());
        RecordingInbox inbox = new RecordingInbox(PeerNodes.CLUSTER_ID, 2, dead);
        try (PeerServer back = PeerServer.start(
                List.of(EtcdUrl.parse("http://127.0.0.1:" + port)), plain, inbox, InstantSource.system())) {
            Message got = null;
            // Messages sent while the link is down are dropped (raft resends); keep sending
            // heartbeats until one arrives. Each poll is bounded; the loop is bounded.
            for (int attempt = 0; attempt < 300 && got == null; attempt++) {
                t.send(List.of(PeerNodes.heartbeat(1, 2)));
                got = inbox.messages.poll(100, TimeUnit.MILLISECONDS);
            }
            assertThat(got).isEqualTo(PeerNodes.heartbeat(1, 2));
        }
    }

    @Test
    void aFullQueueDropsWithoutBlockingAndReportsThePeer() throws Exception {
        RecordingReports reports = new RecordingReports();
        PeerTransport.Settings oneMessage = new PeerTransport.Settings(
                1, 1 << 20, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(1));
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(1024), reports, oneMessage);
        // Nothing listens there, so the call never becomes ready and the queue is never drained:
        // the first message fills it (or the link is already down and drops it too).
        t.addPeer(2, List.of(nodes.deadUrl()));
        t.send(List.of(PeerNodes.heartbeat(1, 2), PeerNodes.heartbeat(1, 2), PeerNodes.heartbeat(1, 2)));
        assertThat(reports.unreachable.poll()).isEqualTo(2L); // reported before send returned
    }

    @Test
    void aMessageToAnUnknownPeerIsDroppedAndReported() {
        RecordingReports reports = new RecordingReports();
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(1024), reports);
        t.send(List.of(PeerNodes.heartbeat(1, 9), PeerNodes.heartbeat(1, 9)));
        assertThat(reports.unreachable).containsExactly(9L); // once per call
    }

    @Test
    void aSnapshotArrivesInItsChunksAndIsReported() throws Exception {
        PeerNodes.Node b = nodes.start(2, "http", plain);
        RecordingReports reports = new RecordingReports();
        List<ByteString> pieces = List.of(
                ByteString.copyFromUtf8("first"), ByteString.copyFrom(new byte[300_000]), ByteString.copyFromUtf8("z"));
        PeerTransport t = nodes.transport(plain, fixed(pieces), reports);
        t.addPeer(2, List.of(b.url()));
        Message snap = snapshotMessage(ByteString.copyFromUtf8("inline state is not sent"));
        t.send(List.of(snap));

        RecordingInbox.ReceivedSnapshot got = next(b.inbox().snapshots);
        assertThat(got.chunks()).containsExactlyElementsOf(pieces);
        assertThat(got.header()).isEqualTo(SnapshotSender.header(snap));
        assertThat(got.header().snapshot().data()).isEmpty();
        assertThat(next(reports.snapshots)).isEqualTo(new RecordingReports.SnapshotReport(2, true));
    }

    @Test
    void theInlineSourceSendsTheMessagesOwnData() throws Exception {
        PeerNodes.Node b = nodes.start(2, "http", plain);
        RecordingReports reports = new RecordingReports();
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(1000), reports);
        t.addPeer(2, List.of(b.url()));
        byte[] state = new byte[10_500];
        for (int i = 0; i < state.length; i++) {
            state[i] = (byte) i;
        }
        t.send(List.of(snapshotMessage(ByteString.copyFrom(state))));
        RecordingInbox.ReceivedSnapshot got = next(b.inbox().snapshots);
        assertThat(got.chunks()).hasSize(11);
        assertThat(got.data()).isEqualTo(ByteString.copyFrom(state));
        assertThat(next(reports.snapshots).ok()).isTrue();
    }

    @Test
    void aSnapshotWithoutDataIsJustTheHeader() throws Exception {
        PeerNodes.Node b = nodes.start(2, "http", plain);
        RecordingReports reports = new RecordingReports();
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(1000), reports);
        t.addPeer(2, List.of(b.url()));
        t.send(List.of(snapshotMessage(ByteString.EMPTY)));
        assertThat(next(b.inbox().snapshots).chunks()).isEmpty();
        assertThat(next(reports.snapshots).ok()).isTrue();
    }

    @Test
    void aSnapshotTheReceiverCannotStoreIsReportedFailed() throws Exception {
        PeerNodes.Node b = nodes.start(2, "http", plain);
        b.inbox().failWrites = true;
        RecordingReports reports = new RecordingReports();
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(100), reports);
        t.addPeer(2, List.of(b.url()));
        Message snap = snapshotMessage(ByteString.copyFrom(new byte[1000]));
        t.send(List.of(snap));
        assertThat(next(reports.snapshots)).isEqualTo(new RecordingReports.SnapshotReport(2, false));
        assertThat(next(b.inbox().aborted)).isEqualTo(SnapshotSender.header(snap));
        assertThat(b.inbox().snapshots).isEmpty();
    }

    @Test
    void aSnapshotToADownPeerIsReportedFailed() throws Exception {
        RecordingReports reports = new RecordingReports();
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(100), reports);
        t.addPeer(2, List.of(nodes.deadUrl()));
        t.send(List.of(snapshotMessage(ByteString.copyFromUtf8("s"))));
        assertThat(next(reports.snapshots)).isEqualTo(new RecordingReports.SnapshotReport(2, false));
    }

    @Test
    void removedPeersGetNothingAndUpdatedPeersAreReachedAtTheirNewUrl() throws Exception {
        PeerNodes.Node b = nodes.start(2, "http", plain);
        PeerNodes.Node moved = nodes.start(2, "http", plain);
        RecordingReports reports = new RecordingReports();
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(100), reports);
        t.addPeer(2, List.of(b.url()));
        t.send(List.of(PeerNodes.heartbeat(1, 2)));
        assertThat(next(b.inbox().messages)).isEqualTo(PeerNodes.heartbeat(1, 2));

        t.updatePeer(2, List.of(moved.url()));
        Message m = PeerNodes.append(1, 2, 5, "after the move");
        Message got = null;
        // Sends racing the switch may still reach the old URL; the bounded loop waits for the new one.
        for (int attempt = 0; attempt < 300 && got == null; attempt++) {
            t.send(List.of(m));
            got = moved.inbox().messages.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(got).isEqualTo(m);

        t.removePeer(2);
        assertThat(t.peers()).isEmpty();
        reports.unreachable.clear();
        t.send(List.of(PeerNodes.heartbeat(1, 2)));
        assertThat(reports.unreachable).containsExactly(2L);
    }

    @Test
    void fetchMembersAsksEachUrlUntilOneAnswers() throws Exception {
        PeerNodes.Node b = nodes.start(2, "http", plain);
        MembersResponse got =
                PeerTransport.fetchMembers(List.of(nodes.deadUrl(), b.url()), plain, Duration.ofSeconds(30));
        assertThat(got).isEqualTo(b.inbox().members);
        assertThat(got.getClusterId()).isEqualTo(PeerNodes.CLUSTER_ID);

        String dead = nodes.deadUrl();
        assertThatThrownBy(() -> PeerTransport.fetchMembers(List.of(dead), plain, Duration.ofSeconds(30)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not get the member list")
                .hasMessageContaining(dead);
    }

    @Test
    void badPeerUrlsAreRefused() {
        PeerTransport t = nodes.transport(plain, SnapshotSource.inline(100), new RecordingReports());
        assertThatThrownBy(() -> t.addPeer(2, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.addPeer(2, List.of("unix://x:1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.addPeer(2, List.of("http://h"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anHttpsListenerWithoutTlsSettingsIsRefused() {
        assertThatThrownBy(() -> nodes.start(1, "https", plain))
                .isInstanceOf(IOException.class)
                .hasMessage("TLS key/cert (--peer-cert-file, --peer-key-file) must be provided for peer url "
                        + "https://127.0.0.1:0 with HTTPS scheme");
    }

    private static Message snapshotMessage(ByteString data) {
        return Message.builder(MessageType.SNAP)
                .from(1)
                .to(2)
                .term(4)
                .snapshot(new Snapshot(new SnapshotMetadata(120, 3, new ConfState(List.of(1L, 2L), List.of(5L))), data))
                .build();
    }

    /** A source yielding the same pieces for any message. */
    private static SnapshotSource fixed(List<ByteString> pieces) {
        return message -> {
            Iterator<ByteString> it = pieces.iterator();
            return new SnapshotSource.Data() {
                @Override
                public @Nullable ByteString next() {
                    return it.hasNext() ? it.next() : null;
                }

                @Override
                public void close() {}
            };
        };
    }
}
