package dev.cairn.server.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.config.ConfigException;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.LoadOutcome;
import dev.cairn.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners on loopback port 0: one gRPC server per URL, bound where the URL says. */
class ClientListenersTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private ServerConfig config(String... args) throws ConfigException {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(List.of(args));
        return ((LoadOutcome.Run) ConfigLoader.load(all, Map.of())).config();
    }

    @Test
    void startsOneServerPerUrl() throws Exception {
        ServerConfig config = config(
                "--listen-client-urls=http://127.0.0.1:0,http://localhost:0",
                "--advertise-client-urls=http://127.0.0.1:2379");

        List<ClientListeners.Listener> listeners = ClientListeners.start(config, List.of(), CLOCK);
        try {
            assertThat(listeners).hasSize(2);
            assertThat(listeners).allSatisfy(l -> assertThat(l.boundAddress()).matches("127\\.0\\.0\\.1:[1-9][0-9]*"));
        } finally {
            listeners.forEach(l -> l.server().shutdownNow());
        }
    }

    @Test
    void autoTlsListenerStarts() throws Exception {
        ServerConfig config = config(
                "--listen-client-urls=https://127.0.0.1:0",
                "--advertise-client-urls=https://127.0.0.1:2379",
                "--auto-tls");

        List<ClientListeners.Listener> listeners = ClientListeners.start(config, List.of(), CLOCK);
        try {
            assertThat(listeners)
                    .singleElement()
                    .satisfies(l -> assertThat(l.url().secure()).isTrue());
            assertThat(dir.resolve("fixtures/client/cert.pem")).exists();
        } finally {
            listeners.forEach(l -> l.server().shutdownNow());
        }
    }

    @Test
    void httpsWithoutCertificateIsRefused() throws ConfigException {
        ServerConfig config =
                config("--listen-client-urls=https://127.0.0.1:0", "--advertise-client-urls=https://127.0.0.1:2379");

        assertThatThrownBy(() -> ClientListeners.start(config, List.of(), CLOCK))
                .isInstanceOf(StartupException.class)
                .hasMessage(
                        "TLS key/cert (--cert-file, --key-file) must be provided for client url https://127.0.0.1:0 with HTTPS scheme");
    }

    @Test
    void missingCertificateFileIsAStartupError() throws ConfigException {
        ServerConfig config = config(
                "--listen-client-urls=https://127.0.0.1:0",
                "--advertise-client-urls=https://127.0.0.1:2379",
                "--cert-file=" + dir.resolve("none.crt"),
                "--key-file=" + dir.resolve("none.key"));

        assertThatThrownBy(() -> ClientListeners.start(config, List.of(), CLOCK))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("client TLS: ");
    }

    @Test
    void portInUseIsAStartupErrorAndReleasesEarlierListeners() throws Exception {
        ServerConfig first =
                config("--listen-client-urls=http://127.0.0.1:0", "--advertise-client-urls=http://127.0.0.1:2379");
        List<ClientListeners.Listener> taken = ClientListeners.start(first, List.of(), CLOCK);
        try {
            String busy = taken.get(0).boundAddress();
            ServerConfig second = config(
                    "--listen-client-urls=http://127.0.0.1:0,http://" + busy,
                    "--advertise-client-urls=http://127.0.0.1:2379");

            assertThatThrownBy(() -> ClientListeners.start(second, List.of(), CLOCK))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("listen tcp " + busy + ": ");
        } finally {
            taken.forEach(l -> l.server().shutdownNow());
        }
    }
}
