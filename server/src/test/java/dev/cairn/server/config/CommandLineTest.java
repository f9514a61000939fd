package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go flag-package syntax, as etcd parses its command line. */
class CommandLineTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(List.of("--name=a"), Map.of("name", "a")),
                Arguments.of(List.of("--name", "a"), Map.of("name", "a")),
                Arguments.of(List.of("-name", "a"), Map.of("name", "a")),
                Arguments.of(List.of("-name=a"), Map.of("name", "a")),
                Arguments.of(List.of("--name="), Map.of("name", "")),
                Arguments.of(List.of("--name", "-dash-value"), Map.of("name", "-dash-value")),
                Arguments.of(List.of("--name", "a", "--name", "b"), Map.of("name", "b")),
                Arguments.of(List.of("--auto-tls"), Map.of("auto-tls", "true")),
                Arguments.of(List.of("-auto-tls"), Map.of("auto-tls", "true")),
                Arguments.of(List.of("--auto-tls=false"), Map.of("auto-tls", "false")),
                Arguments.of(List.of("--auto-tls=T"), Map.of("auto-tls", "true")),
                Arguments.of(List.of("--auto-tls=0"), Map.of("auto-tls", "false")),
                Arguments.of(List.of("--client-cert-auth=TRUE"), Map.of("client-cert-auth", "true")),
                Arguments.of(List.of("--max-txn-ops", "256"), Map.of("max-txn-ops", "256")),
                Arguments.of(List.of("--max-request-bytes=0x100"), Map.of("max-request-bytes", "256")),
                Arguments.of(List.of("--quota-backend-bytes=-1"), Map.of("quota-backend-bytes", "-1")),
                Arguments.of(List.of("--grpc-keepalive-min-time=1m30s"), Map.of("grpc-keepalive-min-time", "1m30s")),
                Arguments.of(
                        List.of("--listen-client-urls", "http://127.0.0.1:1,http://127.0.0.1:2"),
                        Map.of("listen-client-urls", "http://127.0.0.1:1,http://127.0.0.1:2")),
                Arguments.of(List.of("--initial-cluster-state=existing"), Map.of("initial-cluster-state", "existing")),
                Arguments.of(
                        List.of("--experimental-watch-progress-notify-interval=5s"),
                        Map.of("experimental-watch-progress-notify-interval", "5s")),
                Arguments.of(
                        List.of("--experimental-initial-corrupt-check"),
                        Map.of("experimental-initial-corrupt-check", "true")),
                Arguments.of(
                        List.of("--feature-gates=InitialCorruptCheck=true"),
                        Map.of("feature-gates", "InitialCorruptCheck=true")),
                Arguments.of(List.of("--", "--name=a"), Map.of()));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void parses(List<String> args, Map<String, String> expected) throws ConfigException {
        assertThat(CommandLine.parse(args).values()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @org.junit.jupiter.api.Test
    void booleanDoesNotConsumeTheNextArgument() throws ConfigException {
        CommandLine cl = CommandLine.parse(List.of("--auto-tls", "false"));

        assertThat(cl.values()).containsEntry("auto-tls", "true");
        assertThat(cl.positional()).containsExactly("false");
    }

    @org.junit.jupiter.api.Test
    void firstNonFlagStopsParsing() throws ConfigException {
        CommandLine cl = CommandLine.parse(List.of("--name", "a", "extra", "--name", "b"));

        assertThat(cl.values()).containsEntry("name", "a");
        assertThat(cl.positional()).containsExactly("extra", "--name", "b");
    }

    @org.junit.jupiter.api.Test
    void helpAndIgnoredFlags() throws ConfigException {
        assertThat(CommandLine.parse(List.of("-h")).help()).isTrue();
        assertThat(CommandLine.parse(List.of("--help")).help()).isTrue();
        assertThat(CommandLine.parse(List.of("--help", "--bogus")).help())
                .as("parsing stops at -h, as in Go")
                .isTrue();
        assertThat(CommandLine.parse(List.of("--peer-heartbeat-interval")).notices())
                .extracting(Notice::text)
                .containsExactly("flag \"-peer-heartbeat-interval\" is no longer supported - ignoring.");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of(List.of("--bogus"), "flag provided but not defined: -bogus"),
                Arguments.of(List.of("-x=1"), "flag provided but not defined: -x"),
                Arguments.of(List.of("---name=a"), "bad flag syntax: ---name=a"),
                Arguments.of(List.of("-=a"), "bad flag syntax: -=a"),
                Arguments.of(List.of("--name"), "flag needs an argument: -name"),
                Arguments.of(
                        List.of("--max-txn-ops", "abc"), "invalid value \"abc\" for flag -max-txn-ops: parse error"),
                Arguments.of(List.of("--max-txn-ops=-1"), "invalid value \"-1\" for flag -max-txn-ops: parse error"),
                Arguments.of(
                        List.of("--max-concurrent-streams=4294967296"),
                        "invalid value \"4294967296\" for flag -max-concurrent-streams: value out of range"),
                Arguments.of(
                        List.of("--heartbeat-interval=1.5"),
                        "invalid value \"1.5\" for flag -heartbeat-interval: parse error"),
                Arguments.of(
                        List.of("--grpc-keepalive-min-time=5"),
                        "invalid value \"5\" for flag -grpc-keepalive-min-time: parse error"),
                Arguments.of(List.of("--auto-tls=yes"), "invalid boolean value \"yes\" for -auto-tls: parse error"),
                Arguments.of(
                        List.of("--listen-client-urls=localhost:2379"),
                        "invalid value \"localhost:2379\" for flag -listen-client-urls: URL scheme must be http, https, unix, or unixs: localhost:2379"),
                Arguments.of(
                        List.of("--advertise-client-urls", "http://host"),
                        "invalid value \"http://host\" for flag -advertise-client-urls: URL address does not have the form \"host:port\": http://host"),
                Arguments.of(
                        List.of("--initial-cluster-state=maybe"),
                        "invalid value \"maybe\" for flag -initial-cluster-state: invalid value (valid values: new, existing)"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWithGoMessagesAndExit2(List<String> args, String message) {
        assertThatThrownBy(() -> CommandLine.parse(args))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage(message);
    }
}
