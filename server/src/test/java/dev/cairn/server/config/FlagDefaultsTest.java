package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlagDefaultsTest {
    private static final String LISTEN_AND_ADVERTISE =
            "--listen-client-urls=http://0.0.0.0:2379 --advertise-client-urls=http://10.0.0.1:2379";

    @TempDir
    Path dir;

    private static LoadOutcome.Run run(List<String> args, Map<String, String> env) throws ConfigException {
        return (LoadOutcome.Run) ConfigLoader.load(args, env);
    }

    private static Map<String, String> defaults(String value) {
        return Map.of(FlagDefaults.VARIABLE, value);
    }

    private static Map<String, String> defaults(String value, String etcdVariable, String etcdValue) {
        return Map.of(FlagDefaults.VARIABLE, value, etcdVariable, etcdValue);
    }

    private static Function<ServerConfig, Object> listenClient() {
        return c -> c.listenClientUrls().stream().map(EtcdUrl::text).toList();
    }

    private static Function<ServerConfig, Object> advertiseClient() {
        return c -> c.advertiseClientUrls().stream().map(EtcdUrl::text).toList();
    }

    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of(
                        "default applies when neither flag nor variable is set",
                        List.of(),
                        defaults(LISTEN_AND_ADVERTISE),
                        listenClient(),
                        List.of("http://0.0.0.0:2379")),
                Arguments.of(
                        "flag wins over default",
                        List.of("--listen-client-urls=http://127.0.0.1:1", "--advertise-client-urls=http://a:1"),
                        defaults(LISTEN_AND_ADVERTISE),
                        listenClient(),
                        List.of("http://127.0.0.1:1")),
                Arguments.of(
                        "ETCD_* variable wins over default, and is not a conflict",
                        List.of(),
                        defaults("--name=fromdefault", "ETCD_NAME", "fromenv"),
                        (Function<ServerConfig, Object>) ServerConfig::name,
                        "fromenv"),
                Arguments.of(
                        "empty ETCD_* variable leaves the default",
                        List.of(),
                        defaults("--name=fromdefault", "ETCD_NAME", ""),
                        (Function<ServerConfig, Object>) ServerConfig::name,
                        "fromdefault"),
                Arguments.of(
                        "default advertise fills etcd's rule for a typed listen",
                        List.of("--listen-client-urls=http://127.0.0.1:1"),
                        defaults(LISTEN_AND_ADVERTISE),
                        advertiseClient(),
                        List.of("http://10.0.0.1:2379")),
                Arguments.of(
                        "typed advertise with default listen",
                        List.of("--advertise-client-urls=http://b:2"),
                        defaults(LISTEN_AND_ADVERTISE),
                        advertiseClient(),
                        List.of("http://b:2")),
                Arguments.of(
                        "'--flag value' and '-flag=value' syntax, tabs and newlines as separators",
                        List.of(),
                        defaults("-max-txn-ops 7\t\n--name   x"),
                        (Function<ServerConfig, Object>)
                                c -> c.name() + "/" + c.limits().maxTxnOps(),
                        "x/7"),
                Arguments.of(
                        "bare boolean flag",
                        List.of(),
                        defaults(" --auto-tls "),
                        (Function<ServerConfig, Object>) c -> c.clientSecurity().autoTls(),
                        true),
                Arguments.of(
                        "typed boolean false wins over a default true",
                        List.of("--auto-tls=false"),
                        defaults("--auto-tls"),
                        (Function<ServerConfig, Object>) c -> c.clientSecurity().autoTls(),
                        false),
                Arguments.of(
                        "default peer URLs derive --initial-cluster as typed ones do",
                        List.of("--name=n1"),
                        defaults("--initial-advertise-peer-urls=http://10.0.0.1:2380"),
                        (Function<ServerConfig, Object>) c -> c.cluster().initialClusterText(),
                        "n1=http://10.0.0.1:2380"),
                Arguments.of(
                        "empty value has no effect",
                        List.of(),
                        defaults(""),
                        listenClient(),
                        List.of("http://localhost:2379")),
                Arguments.of(
                        "blank value has no effect",
                        List.of(),
                        defaults(" \t "),
                        listenClient(),
                        List.of("http://localhost:2379")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void precedence(
            String rule,
            List<String> args,
            Map<String, String> env,
            Function<ServerConfig, Object> getter,
            Object expected)
            throws ConfigException {
        assertThat(getter.apply(run(args, env).config())).as(rule).isEqualTo(expected);
    }

    @Test
    void usedDefaultsAreNoticedAndShadowedOnesAreNot() throws ConfigException {
        LoadOutcome.Run r = run(List.of("--name=typed"), defaults("--name=d --max-txn-ops=9"));

        assertThat(r.notices()).containsExactly(Notice.info("used default from CAIRN_FLAG_DEFAULTS: --max-txn-ops=9"));
    }

    @Test
    void defaultListenWithoutAdvertiseIsExplicitAsATypedOne() {
        assertThatThrownBy(() -> run(List.of(), defaults("--listen-client-urls=http://0.0.0.0:2379")))
                .hasMessage("--advertise-client-urls is required when --listen-client-urls is set explicitly");
    }

    @Test
    void configFileIgnoresDefaultsEvenMalformedOnes() throws IOException, ConfigException {
        Path file = dir.resolve("etcd.yml");
        Files.writeString(file, "name: fromfile\n");

        for (String value : List.of("--name=fromdefault --max-txn-ops=9", "--no-such-flag")) {
            ServerConfig byFlag = run(List.of("--config-file", file.toString()), defaults(value))
                    .config();
            ServerConfig byVariable = run(List.of(), defaults(value, "ETCD_CONFIG_FILE", file.toString()))
                    .config();

            for (ServerConfig c : List.of(byFlag, byVariable)) {
                assertThat(c.name()).isEqualTo("fromfile");
                assertThat(c.limits().maxTxnOps()).isEqualTo(128);
            }
        }
    }

    static Stream<Arguments> badDefaults() {
        return Stream.of(
                Arguments.of("--no-such-flag", "flag provided but not defined: -no-such-flag"),
                Arguments.of("--max-txn-ops=lots", "invalid value \"lots\" for flag -max-txn-ops: parse error"),
                Arguments.of("--auto-tls=maybe", "invalid boolean value \"maybe\" for -auto-tls: parse error"),
                Arguments.of("--name", "flag needs an argument: -name"),
                Arguments.of("---name=x", "bad flag syntax: ---name=x"),
                Arguments.of("--name=x extra", "'extra' is not a flag"),
                Arguments.of(
                        "--config-file=/etc/etcd.yml", "--config-file is not a default; pass it on the command line"),
                Arguments.of("--version", "--version is not a default; pass it on the command line"),
                Arguments.of("--help", "--help is not a default"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefaults")
    void badDefaultsExit1NamingTheVariable(String value, String problem) {
        assertThatThrownBy(() -> run(List.of(), defaults(value)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(ConfigException.INVALID))
                .hasMessage("invalid CAIRN_FLAG_DEFAULTS: " + problem);
    }

    @Test
    void badDefaultIsFatalEvenWhenTheFlagIsTyped() {
        assertThatThrownBy(() -> run(List.of("--max-txn-ops=3"), defaults("--max-txn-ops=lots")))
                .hasMessageStartingWith("invalid CAIRN_FLAG_DEFAULTS: ");
    }
}
