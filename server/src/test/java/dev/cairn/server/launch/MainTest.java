package dev.cairn.server.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command's outcomes that end before a member starts: version, help and configuration errors. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args, Map<String, String> env) {
        return Main.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionKeepsEtcdsFirstLine() {
        assertThat(run(List.of("--version"), Map.of())).isZero();

        assertThat(out().lines().toList()).hasSize(4).first().isEqualTo("etcd Version: 3.6.14");
        assertThat(out()).contains("Cairn Version: 0.1.0", "Java Version: " + Runtime.version());
        assertThat(err()).isEmpty();
    }

    @Test
    void helpListsFlags() {
        assertThat(run(List.of("--help"), Map.of())).isZero();

        assertThat(out())
                .contains(
                        "--listen-client-urls 'http://localhost:2379'",
                        "--max-request-bytes '1572864'",
                        "ETCD_",
                        "CAIRN_FLAG_DEFAULTS");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(List.of("--no-such-flag"), Map.of(), 2, "flag provided but not defined: -no-such-flag"),
                Arguments.of(
                        List.of("--max-txn-ops=x"),
                        Map.of(),
                        2,
                        "invalid value \"x\" for flag -max-txn-ops: parse error"),
                Arguments.of(
                        List.of("--name=a"),
                        Map.of("ETCD_NAME", "b"),
                        1,
                        "cairn: error verifying flags, conflicting environment variable \"ETCD_NAME\" is shadowed"),
                Arguments.of(
                        List.of(),
                        Map.of("CAIRN_FLAG_DEFAULTS", "--no-such-flag"),
                        1,
                        "cairn: error verifying flags, invalid CAIRN_FLAG_DEFAULTS: flag provided but not defined: -no-such-flag"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void configurationErrorsPrintAndExit(List<String> args, Map<String, String> env, int code, String message) {
        assertThat(run(args, env)).isEqualTo(code);

        assertThat(err()).startsWith(message);
        assertThat(out()).isEmpty();
    }
}
