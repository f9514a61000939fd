package dev.cairn.server.peer;

import static dev.cairn.server.peer.RecordingInbox.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.raft.Message;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.LoadOutcome;
import dev.cairn.server.config.ServerConfig;
import dev.cairn.tls.CertificateAuthority;
import dev.cairn.tls.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peer TLS on loopback: mutual TLS, client-cert-auth, allowed CN, auto-TLS. */
class PeerTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Path ca;

    private final PeerNodes nodes = new PeerNodes();

    @BeforeAll
    static void mintCertificates() throws Exception {
        CertificateAuthority authority = CertificateAuthority.create("cairn-peer-ca");
        ca = dir.resolve("ca.crt");
        authority.writeCertificate(ca);
        for (String name : List.of("node-a", "node-b", "node-c")) {
            authority
                    .issue(name, List.of("127.0.0.1", "localhost"), true, true)
                    .writePem(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        }
    }

    @AfterEach
    void close() throws Exception {
        nodes.close();
    }

    /** The peer certificate of {@code name}, client certificates required and verified. */
    private static PeerSecurity mutual(String name, @Nullable String allowedCn) {
        return new PeerSecurity(
                new TlsConfig(
                        dir.resolve(name + ".crt"),
                        dir.resolve(name + ".key"),
                        ca,
                        true,
                        false,
                        dir.resolve("auto-unused"),
                        List.of()),
                allowedCn);
    }

    @Test
    void mutualTlsPeersExchangeBatches() throws Exception {
        PeerNodes.Node a = nodes.start(1, "https", mutual("node-a", null));
        PeerNodes.Node b = nodes.start(2, "https", mutual("node-b", null));
        PeerTransport ta = nodes.transport(mutual("node-a", null), SnapshotSource.inline(64), new RecordingReports());
        PeerTransport tb = nodes.transport(mutual("node-b", null), SnapshotSource.inline(64), new RecordingReports());
        ta.addPeer(2, List.of(b.url()));
        tb.addPeer(1, List.of(a.url()));
        List<Message> batch = List.of(PeerNodes.append(1, 2, 1, "one"), PeerNodes.append(1, 2, 2, "two"));
        ta.send(batch);
        assertThat(b.inbox().take(2)).containsExactlyElementsOf(batch);
        tb.send(List.of(PeerNodes.heartbeat(2, 1)));
        assertThat(next(a.inbox().messages)).isEqualTo(PeerNodes.heartbeat(2, 1));
    }

    @Test
    void aClientWithoutCertificateIsRejectedWhenClientCertAuthIsOn() throws Exception {
        PeerNodes.Node b = nodes.start(2, "https", mutual("node-b", null));
        // Trusts the server, presents no certificate.
        PeerSecurity noCert = new PeerSecurity(
                new TlsConfig(null, null, ca, false, false, dir.resolve("auto-unused"), List.of()), null);
        RecordingReports reports = new RecordingReports();
        PeerTransport t = nodes.transport(noCert, SnapshotSource.inline(64), reports);
        t.addPeer(2, List.of(b.url()));
        t.send(List.of(PeerNodes.heartbeat(1, 2)));
        assertThat(next(reports.unreachable)).isEqualTo(2L);
        assertThat(b.inbox().messages).isEmpty();
        assertThatThrownBy(() -> PeerTransport.fetchMembers(List.of(b.url()), noCert, TIMEOUT))
                .isInstanceOf(IOException.class);
    }

    @Test
    void allowedCnAdmitsOnlyThatCommonName() throws Exception {
        PeerNodes.Node b = nodes.start(2, "https", mutual("node-b", "node-a"));
        assertThat(PeerTransport.fetchMembers(List.of(b.url()), mutual("node-a", null), TIMEOUT))
                .isEqualTo(b.inbox().members);
        assertThatThrownBy(() -> PeerTransport.fetchMembers(List.of(b.url()), mutual("node-c", null), TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("PERMISSION_DENIED")
                .hasMessageContaining("peer certificate CN \"node-c\" is not the allowed CN \"node-a\"");

        RecordingReports reports = new RecordingReports();
        PeerTransport stranger = nodes.transport(mutual("node-c", null), SnapshotSource.inline(64), reports);
        stranger.addPeer(2, List.of(b.url()));
        stranger.send(List.of(PeerNodes.heartbeat(3, 2)));
        assertThat(next(reports.unreachable)).isEqualTo(2L);
        assertThat(b.inbox().messages).isEmpty();
    }

    @Test
    void autoTlsPeersTalkWithoutVerifyingEachOther() throws Exception {
        PeerSecurity autoA = autoTls("a");
        PeerSecurity autoB = autoTls("b");
        PeerNodes.Node a = nodes.start(1, "https", autoA);
        PeerNodes.Node b = nodes.start(2, "https", autoB);
        PeerTransport ta = nodes.transport(autoA, SnapshotSource.inline(64), new RecordingReports());
        ta.addPeer(2, List.of(b.url()));
        ta.send(List.of(PeerNodes.heartbeat(1, 2)));
        assertThat(next(b.inbox().messages)).isEqualTo(PeerNodes.heartbeat(1, 2));
        assertThat(PeerTransport.fetchMembers(List.of(a.url()), autoB, TIMEOUT)).isEqualTo(a.inbox().members);
    }

    private static PeerSecurity autoTls(String name) {
        return new PeerSecurity(
                new TlsConfig(
                        null,
                        null,
                        null,
                        false,
                        true,
                        dir.resolve(name).resolve("fixtures/peer"),
                        List.of("127.0.0.1")),
                null);
    }

    @Test
    void fromServerConfigReadsThePeerFlags() throws Exception {
        Path data = dir.resolve("cfg.etcd");
        ServerConfig c = config(
                "--data-dir=" + data,
                "--peer-cert-file=" + dir.resolve("node-a.crt"),
                "--peer-key-file=" + dir.resolve("node-a.key"),
                "--peer-trusted-ca-file=" + ca,
                "--peer-client-cert-auth",
                "--peer-cert-allowed-cn=node-b");
        PeerSecurity s = PeerSecurity.from(c);
        assertThat(s.tls().certFile()).isEqualTo(dir.resolve("node-a.crt"));
        assertThat(s.tls().trustedCaFile()).isEqualTo(ca);
        assertThat(s.tls().clientCertAuth()).isTrue();
        assertThat(s.allowedCn()).isEqualTo("node-b");
    }

    @Test
    void autoTlsWithoutFilesDropsClientCertAuthAsEtcd() throws Exception {
        Path data = dir.resolve("auto.etcd");
        PeerSecurity s = PeerSecurity.from(config("--data-dir=" + data, "--peer-auto-tls", "--peer-client-cert-auth"));
        assertThat(s.tls().usesAutoTls()).isTrue();
        assertThat(s.tls().clientCertAuth()).isFalse();
        assertThat(s.tls().autoTlsDir()).isEqualTo(data.resolve("fixtures").resolve("peer"));
        assertThat(s.allowedCn()).isNull();
    }

    private static ServerConfig config(String... args) throws Exception {
        return ((LoadOutcome.Run) ConfigLoader.load(List.of(args), Map.of())).config();
    }
}
