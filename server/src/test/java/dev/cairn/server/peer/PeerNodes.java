package dev.cairn.server.peer;

import com.google.protobuf.ByteString;
import dev.cairn.raft.Entry;
import dev.cairn.raft.EntryType;
import dev.cairn.raft.Message;
import dev.cairn.raft.MessageType;
import dev.cairn.server.config.EtcdUrl;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Test members on loopback: each a {@link PeerServer} on an ephemeral port with a {@link
 * RecordingInbox}, and transports with {@link RecordingReports}. Closes everything it made.
 * Used by one test thread.
 */
final class PeerNodes implements AutoCloseable {
    static final long CLUSTER_ID = 0xc1;

    /** A started member. */
    record Node(long id, String url, PeerServer server, RecordingInbox inbox) {}

    private final List<AutoCloseable> opened = new ArrayList<>();

    Node start(long id, String scheme, PeerSecurity security) throws IOException {
        RecordingInbox inbox = new RecordingInbox(CLUSTER_ID, id, "pending");
        PeerServer server = PeerServer.start(
                List.of(EtcdUrl.parse(scheme + "://127.0.0.1:0")), security, inbox, InstantSource.system());
        opened.add(server);
        String url = scheme + "://127.0.0.1:" + server.boundAddresses().get(0).getPort();
        return new Node(id, url, server, inbox);
    }

    PeerTransport transport(PeerSecurity security, SnapshotSource source, PeerReports reports) {
        return transport(security, source, reports, PeerTransport.Settings.DEFAULT);
    }

    PeerTransport transport(
            PeerSecurity security, SnapshotSource source, PeerReports reports, PeerTransport.Settings settings) {
        PeerTransport t = new PeerTransport(security, source, reports, settings);
        opened.add(t);
        return t;
    }

    /** A URL nobody listens on: a server's port, after the server stopped. */
    String deadUrl() throws IOException {
        PeerServer s = PeerServer.start(
                List.of(EtcdUrl.parse("http://127.0.0.1:0")),
                PeerSecurity.plaintext(),
                new RecordingInbox(CLUSTER_ID, 0, "dead"),
                InstantSource.system());
        int port = s.boundAddresses().get(0).getPort();
        s.close();
        return "http://127.0.0.1:" + port;
    }

    static Message append(long from, long to, long index, String data) {
        return Message.builder(MessageType.APP)
                .from(from)
                .to(to)
                .term(2)
                .logTerm(2)
                .index(index - 1)
                .commit(index - 1)
                .entries(List.of(new Entry(2, index, EntryType.NORMAL, ByteString.copyFromUtf8(data))))
                .build();
    }

    static Message heartbeat(long from, long to) {
        return Message.builder(MessageType.HEARTBEAT).from(from).to(to).term(2).build();
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
