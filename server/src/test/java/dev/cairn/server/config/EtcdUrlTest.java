package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EtcdUrlTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("http://localhost:2379", "http", "localhost", "2379", true),
                Arguments.of(" https://127.0.0.1:2379 ", "https", "127.0.0.1", "2379", true),
                Arguments.of("HTTP://10.0.0.1:80", "http", "10.0.0.1", "80", true),
                Arguments.of("http://[::1]:2379", "http", "::1", "2379", true),
                Arguments.of("http://0.0.0.0:2379", "http", "0.0.0.0", "2379", true),
                Arguments.of("http://:2379", "http", "", "2379", false),
                Arguments.of("http://etcd.example.com:2379", "http", "etcd.example.com", "2379", false),
                Arguments.of("unix://etcd.sock:1", "unix", "etcd.sock", "1", false));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parses(String text, String scheme, String host, String port, boolean bindable) {
        EtcdUrl url = EtcdUrl.parse(text);

        assertThat(url.scheme()).isEqualTo(scheme);
        assertThat(url.host()).isEqualTo(host);
        assertThat(url.port()).isEqualTo(port);
        assertThat(url.bindable()).isEqualTo(bindable);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("localhost:2379", "URL scheme must be http, https, unix, or unixs"),
                Arguments.of("ftp://localhost:2379", "URL scheme must be http, https, unix, or unixs"),
                Arguments.of("http://localhost", "URL address does not have the form \"host:port\""),
                Arguments.of("http://localhost:2379/", "URL must not contain a path"),
                Arguments.of("http://localhost:2379/v3", "URL must not contain a path"),
                Arguments.of("http://localhost:abc", "invalid port"),
                Arguments.of("", "URL scheme must be"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejects(String text, String message) {
        assertThatThrownBy(() -> EtcdUrl.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void listsAreSortedLikeEtcd() {
        assertThat(EtcdUrl.parseList("http://b:2,http://a:1").stream().map(EtcdUrl::text))
                .containsExactly("http://a:1", "http://b:2");
    }
}
