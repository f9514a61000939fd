package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation in {@link TlsConfig}'s compact constructor. Single-threaded, like all JUnit tests here. */
class TlsConfigTest {
    static final Path CERT = Path.of("server.crt");
    static final Path KEY = Path.of("server.key");
    static final Path CA = Path.of("ca.crt");
    static final Path DIR = Path.of("data/fixtures/client");

    @Test
    void certAndKeyGoTogether() {
        assertThatThrownBy(() -> new TlsConfig(CERT, null, null, false, false, DIR, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--cert-file is set but --key-file is not; give both or neither");
        assertThatThrownBy(() -> new TlsConfig(null, KEY, null, false, false, DIR, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--key-file is set but --cert-file is not; give both or neither");
    }

    @Test
    void clientCertAuthNeedsATrustedCa() {
        assertThatThrownBy(() -> new TlsConfig(CERT, KEY, null, true, false, DIR, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--client-cert-auth requires --trusted-ca-file");
        assertThat(new TlsConfig(CERT, KEY, CA, true, false, DIR, List.of()).clientCertAuth())
                .isTrue();
    }

    @Test
    void enabledWhenACertificateIsGivenOrAutoTlsIsOn() {
        assertThat(TlsConfig.plaintext(DIR).enabled()).isFalse();
        assertThat(new TlsConfig(CERT, KEY, null, false, false, DIR, List.of()).enabled())
                .isTrue();
        TlsConfig auto = new TlsConfig(null, null, null, false, true, DIR, List.of("localhost"));
        assertThat(auto.enabled()).isTrue();
        assertThat(auto.usesAutoTls()).isTrue();
        assertThat(new TlsConfig(CERT, KEY, null, false, true, DIR, List.of()).usesAutoTls())
                .isFalse();
    }

    @Test
    void hostsAreCopied() {
        List<String> hosts = new ArrayList<>(List.of("localhost"));
        TlsConfig config = new TlsConfig(null, null, null, false, true, DIR, hosts);
        hosts.add("evil");
        assertThat(config.hosts()).containsExactly("localhost");
    }
}
