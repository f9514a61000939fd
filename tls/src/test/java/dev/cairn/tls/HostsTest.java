package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Host strings and listen URLs to subject-alternative-name entries. Single-threaded, like all JUnit tests here. */
class HostsTest {
    static Stream<Arguments> hosts() {
        return Stream.of(
                Arguments.of("localhost", "localhost"),
                Arguments.of("LocalHost:2379", "localhost"),
                Arguments.of("127.0.0.1", "127.0.0.1"),
                Arguments.of("127.0.0.1:2379", "127.0.0.1"),
                Arguments.of("https://127.0.0.1:2379", "127.0.0.1"),
                Arguments.of("https://etcd.example.com:2379/", "etcd.example.com"),
                Arguments.of("::1", "::1"),
                Arguments.of("[::1]:2379", "::1"),
                Arguments.of("https://[fe80::1]:2379", "fe80::1"),
                Arguments.of(" node-1 ", "node-1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("hosts")
    void hostOf(String entry, String expected) {
        assertThat(Hosts.hostOf(entry)).isEqualTo(expected);
    }

    @Test
    void normalizeDropsDuplicatesAndEmptiesKeepingOrder() {
        assertThat(Hosts.normalize(List.of("localhost", "127.0.0.1:2379", "http://localhost:2380", "", "127.0.0.1")))
                .containsExactly("localhost", "127.0.0.1");
    }

    @Test
    void ipAddressOnlyForLiterals() {
        assertThat(Hosts.ipAddress("10.0.0.1")).containsExactly(10, 0, 0, 1);
        assertThat(Hosts.ipAddress("::1")).hasSize(16);
        assertThat(Hosts.ipAddress("localhost")).isNull();
        assertThat(Hosts.ipAddress("1.2.3")).isNull();
        assertThat(Hosts.ipAddress("300.1.1.1")).isNull();
    }
}
