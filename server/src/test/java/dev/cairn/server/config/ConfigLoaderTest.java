package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static LoadOutcome.Run run(List<String> args, Map<String, String> env) throws ConfigException {
        return (LoadOutcome.Run) ConfigLoader.load(args, env);
    }

    private static ServerConfig config(String... args) throws ConfigException {
        return run(List.of(args), Map.of()).config();
    }

    private static List<String> texts(List<EtcdUrl> urls) {
        return urls.stream().map(EtcdUrl::text).toList();
    }

    @Test
    void defaultsAreEtcds() throws ConfigException {
        ServerConfig c = config();

        assertThat(c.name()).isEqualTo("default");
        assertThat(c.dataDir()).isEqualTo(Path.of("default.etcd"));
        assertThat(c.memberDir()).isEqualTo(Path.of("default.etcd", "member"));
        assertThat(texts(c.listenClientUrls())).containsExactly("http://localhost:2379");
        assertThat(texts(c.advertiseClientUrls())).containsExactly("http://localhost:2379");
        assertThat(texts(c.cluster().listenPeerUrls())).containsExactly("http://localhost:2380");
        assertThat(texts(c.cluster().initialAdvertisePeerUrls())).containsExactly("http://localhost:2380");
        assertThat(c.cluster().initialClusterText()).isEqualTo("default=http://localhost:2380");
        assertThat(c.cluster().state()).isEqualTo(ClusterBootstrap.State.NEW);
        assertThat(c.cluster().token()).isEqualTo("etcd-cluster");
        assertThat(c.limits()).isEqualTo(new RequestLimits(1_572_864, 128, 4_294_967_295L));
        assertThat(c.limits().grpcMaxInboundMessageBytes()).isEqualTo(2_097_152);
        assertThat(c.keepalive())
                .isEqualTo(new GrpcKeepalive(Duration.ofSeconds(5), Duration.ofHours(2), Duration.ofSeconds(20)));
        assertThat(c.logging()).isEqualTo(new LogSettings("zap", LogSettings.Level.INFO, List.of("default")));
        assertThat(c.clientSecurity()).isEqualTo(TransportSecurity.NONE);
        assertThat(c.peerSecurity()).isEqualTo(TransportSecurity.NONE);
        assertThat(c.tuning())
                .isEqualTo(new Tuning(
                        10_000,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        0,
                        "periodic",
                        "0",
                        Duration.ofMinutes(10)));
        assertThat(c.listenMetricsUrls()).isEmpty();
        assertThat(c.memberId()).isEqualTo(Long.parseUnsignedLong("8e9e05c52164694d", 16));
        assertThat(c.clusterId()).isEqualTo(Long.parseUnsignedLong("cdf818194e3a8c32", 16));
    }

    static Stream<Arguments> eachFlag() {
        return Stream.of(
                check(List.of("--name", "infra1"), c -> c.name(), "infra1"),
                check(List.of("--name", "infra1"), c -> c.dataDir(), Path.of("infra1.etcd")),
                check(
                        List.of("--name", "infra1"),
                        c -> c.cluster().initialClusterText(),
                        "infra1=http://localhost:2380"),
                check(List.of("--data-dir", "/var/lib/etcd"), c -> c.memberDir(), Path.of("/var/lib/etcd/member")),
                check(
                        List.of(
                                "--listen-client-urls=http://127.0.0.1:1,https://10.0.0.1:2",
                                "--advertise-client-urls=http://a:1"),
                        c -> texts(c.listenClientUrls()),
                        List.of("http://127.0.0.1:1", "https://10.0.0.1:2")),
                check(
                        List.of("--advertise-client-urls=http://a:1,http://b:2"),
                        c -> texts(c.advertiseClientUrls()),
                        List.of("http://a:1", "http://b:2")),
                check(
                        List.of("--max-request-bytes=10485760"),
                        c -> c.limits().grpcMaxInboundMessageBytes(),
                        10_485_760 + 524_288),
                check(List.of("--max-txn-ops=1000"), c -> c.limits().maxTxnOps(), 1000),
                check(List.of("--max-concurrent-streams=100"), c -> c.limits().maxConcurrentStreams(), 100L),
                check(List.of("--log-level=debug"), c -> c.logging().level(), LogSettings.Level.DEBUG),
                check(List.of("--debug"), c -> c.logging().level(), LogSettings.Level.DEBUG),
                check(List.of("--logger=capnslog"), c -> c.logging().logger(), "capnslog"),
                check(
                        List.of("--log-outputs=stdout,/tmp/x.log"),
                        c -> c.logging().outputs(),
                        List.of("stdout", "/tmp/x.log")),
                check(List.of("--log-output=stderr"), c -> c.logging().outputs(), List.of("stderr")),
                check(
                        List.of(
                                "--cert-file=s.crt",
                                "--key-file=s.key",
                                "--trusted-ca-file=ca.crt",
                                "--client-cert-auth"),
                        c -> c.clientSecurity(),
                        new TransportSecurity("s.crt", "s.key", "ca.crt", true, false)),
                check(
                        List.of("--auto-tls"),
                        c -> c.clientSecurity(),
                        new TransportSecurity(null, null, null, false, true)),
                check(
                        List.of(
                                "--peer-cert-file=p.crt",
                                "--peer-key-file=p.key",
                                "--peer-trusted-ca-file=ca.crt",
                                "--peer-client-cert-auth",
                                "--peer-auto-tls"),
                        c -> c.peerSecurity(),
                        new TransportSecurity("p.crt", "p.key", "ca.crt", true, true)),
                check(
                        List.of(
                                "--grpc-keepalive-min-time=1s",
                                "--grpc-keepalive-interval=0",
                                "--grpc-keepalive-timeout=3s"),
                        c -> c.keepalive(),
                        new GrpcKeepalive(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(3))),
                check(
                        List.of("--listen-peer-urls=http://127.0.0.1:2380"),
                        c -> texts(c.cluster().listenPeerUrls()),
                        List.of("http://127.0.0.1:2380")),
                check(
                        List.of("--initial-advertise-peer-urls=http://10.0.0.1:2380"),
                        c -> c.cluster().initialClusterText(),
                        "default=http://10.0.0.1:2380"),
                check(
                        List.of("--initial-cluster=default=http://localhost:2380"),
                        c -> c.cluster().initialClusterText(),
                        "default=http://localhost:2380"),
                check(List.of("--initial-cluster-token=tok"), c -> c.cluster().token(), "tok"),
                check(List.of("--snapshot-count=5"), c -> c.tuning().snapshotCount(), 5L),
                check(
                        List.of("--heartbeat-interval=50", "--election-timeout=500"),
                        c -> List.of(c.tuning().heartbeatInterval(), c.tuning().electionTimeout()),
                        List.of(Duration.ofMillis(50), Duration.ofMillis(500))),
                check(
                        List.of("--quota-backend-bytes=8589934592"),
                        c -> c.tuning().quotaBackendBytes(),
                        8_589_934_592L),
                check(
                        List.of("--auto-compaction-mode=revision", "--auto-compaction-retention=1000"),
                        c -> c.tuning().autoCompactionMode() + "/" + c.tuning().autoCompactionRetention(),
                        "revision/1000"),
                check(
                        List.of("--experimental-watch-progress-notify-interval=5s"),
                        c -> c.tuning().watchProgressNotifyInterval(),
                        Duration.ofSeconds(5)),
                check(
                        List.of("--watch-progress-notify-interval=2s"),
                        c -> c.tuning().watchProgressNotifyInterval(),
                        Duration.ofSeconds(2)),
                check(
                        List.of("--listen-metrics-urls=http://127.0.0.1:2381"),
                        c -> texts(c.listenMetricsUrls()),
                        List.of("http://127.0.0.1:2381")),
                check(
                        List.of("--enable-v2", "--enable-pprof", "--metrics=extensive"),
                        c -> List.of(
                                c.settings().get("enable-v2"),
                                c.settings().get("enable-pprof"),
                                c.settings().get("metrics")),
                        List.of("true", "true", "extensive")),
                check(
                        List.of("--auth-token=jwt,pub-key=a", "--force-new-cluster", "--strict-reconfig-check=false"),
                        c -> List.of(
                                c.settings().get("auth-token"),
                                c.settings().get("force-new-cluster"),
                                c.settings().get("strict-reconfig-check")),
                        List.of("jwt,pub-key=a", "true", "false")));
    }

    private static <T> Arguments check(List<String> args, Function<ServerConfig, T> getter, T expected) {
        return Arguments.of(args, getter, expected);
    }

    @ParameterizedTest
    @MethodSource("eachFlag")
    void eachFlagReachesTheConfig(List<String> args, Function<ServerConfig, Object> getter, Object expected)
            throws ConfigException {
        assertThat(getter.apply(run(args, Map.of()).config())).isEqualTo(expected);
    }

    @Test
    void environmentIsUsedWhenTheFlagIsAbsent() throws ConfigException {
        LoadOutcome.Run r = run(
                List.of("--name", "a"),
                Map.of("ETCD_DATA_DIR", "/data", "ETCD_MAX_TXN_OPS", "7", "ETCD_AUTO_TLS", "true", "PATH", "/bin"));

        assertThat(r.config().name()).isEqualTo("a");
        assertThat(r.config().dataDir()).isEqualTo(Path.of("/data"));
        assertThat(r.config().limits().maxTxnOps()).isEqualTo(7);
        assertThat(r.config().clientSecurity().autoTls()).isTrue();
        assertThat(r.notices())
                .extracting(Notice::text)
                .contains("recognized and used environment variable ETCD_DATA_DIR=/data");
    }

    @Test
    void emptyEnvironmentValueIsNotUsed() throws ConfigException {
        assertThat(run(List.of(), Map.of("ETCD_NAME", "")).config().name()).isEqualTo("default");
    }

    @Test
    void flagAndEnvironmentTogetherAreFatal() {
        assertThatThrownBy(() -> run(List.of("--data-dir=/a"), Map.of("ETCD_DATA_DIR", "/b")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessage(
                        "conflicting environment variable \"ETCD_DATA_DIR\" is shadowed by corresponding command-line flag"
                                + " (either unset environment variable or disable flag)");
    }

    @Test
    void unknownEtcdVariablesWarn() throws ConfigException {
        LoadOutcome.Run r = run(List.of(), Map.of("ETCD_BOGUS", "1", "ETCDCTL_API", "3", "HOME", "/root"));

        assertThat(r.notices()).containsExactly(Notice.warn("unrecognized environment variable ETCD_BOGUS=1"));
    }

    @Test
    void malformedEnvironmentValueIsFatal() {
        assertThatThrownBy(() -> run(List.of(), Map.of("ETCD_MAX_TXN_OPS", "lots")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessage("invalid value \"lots\" for ETCD_MAX_TXN_OPS: parse error");
    }

    @Test
    void listenClientUrlsFromEnvironmentAlsoRequireAdvertise() {
        assertThatThrownBy(() -> run(List.of(), Map.of("ETCD_LISTEN_CLIENT_URLS", "http://127.0.0.1:1")))
                .hasMessage("--advertise-client-urls is required when --listen-client-urls is set explicitly");
    }

    static Stream<Arguments> invalidConfigurations() {
        return Stream.of(
                Arguments.of(
                        List.of("--listen-client-urls=http://127.0.0.1:1"),
                        "--advertise-client-urls is required when --listen-client-urls is set explicitly"),
                Arguments.of(
                        List.of("--listen-client-urls=http://example.com:1", "--advertise-client-urls=http://a:1"),
                        "expected IP in URL for binding (http://example.com:1)"),
                Arguments.of(
                        List.of("--advertise-client-urls=http://:2379"),
                        "--advertise-client-urls \"http://:2379\" must be \"host:port\" (unexpected empty host (http://:2379))"),
                Arguments.of(
                        List.of("--heartbeat-interval=300"),
                        "--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]"),
                Arguments.of(
                        List.of("--election-timeout=60000"),
                        "--election-timeout[60000ms] is too long, and should be set less than 50000ms"),
                Arguments.of(List.of("--heartbeat-interval=0"), "--heartbeat-interval must be >0 (set to 0ms)"),
                Arguments.of(List.of("--auto-compaction-mode=hourly"), "unknown auto-compaction-mode \"hourly\""),
                Arguments.of(
                        List.of("--log-level=verbose"),
                        "unknown log level \"verbose\" (only supports debug, info, warn, error, panic, or fatal)"),
                Arguments.of(List.of("--max-txn-ops=0"), "--max-txn-ops must be >0 (set to 0)"),
                Arguments.of(List.of("extra"), "'extra' is not a valid flag"),
                Arguments.of(
                        List.of("--discovery=https://discovery.etcd.io/x"),
                        "clustering is not supported yet: discovery (--discovery, --discovery-srv) bootstraps a multi-member"
                                + " cluster; Cairn runs a single member"),
                Arguments.of(
                        List.of("--initial-cluster=other=http://localhost:2380"),
                        "couldn't find local name \"default\" in the initial cluster configuration (--initial-cluster=other=http://localhost:2380)"),
                Arguments.of(
                        List.of("--initial-cluster=default=http://10.0.0.9:2380"),
                        "--initial-cluster has default=http://10.0.0.9:2380 but missing from --initial-advertise-peer-urls=http://localhost:2380"),
                Arguments.of(
                        List.of("--listen-client-urls=unix://etcd.sock:1", "--advertise-client-urls=http://a:1"),
                        "unix socket client listeners are not supported yet: unix://etcd.sock:1"),
                Arguments.of(List.of("--proxy=on"), "--proxy=on is not supported: Cairn has no v2 proxy"));
    }

    @ParameterizedTest
    @MethodSource("invalidConfigurations")
    void invalidConfigurationsExit1(List<String> args, String message) {
        assertThatThrownBy(() -> run(args, Map.of()))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessage(message);
    }

    @Test
    void versionAndHelp() throws ConfigException {
        assertThat(ConfigLoader.load(List.of("--version"), Map.of())).isInstanceOf(LoadOutcome.ShowVersion.class);
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--version", "--bogus"), Map.of()))
                .as("every flag is parsed before --version is honoured, as in Go")
                .hasMessage("flag provided but not defined: -bogus");
        assertThat(ConfigLoader.load(List.of("--version"), Map.of("ETCD_NAME", "x", "ETCD_BOGUS", "y")))
                .as("--version ignores the environment")
                .isInstanceOf(LoadOutcome.ShowVersion.class);
        assertThat(ConfigLoader.load(List.of("-h"), Map.of())).isInstanceOf(LoadOutcome.ShowHelp.class);
    }

    @Test
    void metricsUrlsAreServedWithoutANotice() throws ConfigException {
        assertThat(run(List.of("--listen-metrics-urls=http://127.0.0.1:2381"), Map.of())
                        .notices())
                .isEmpty();
    }

    @Test
    void configFileWithNestedTransportSecurity() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("etcd.yml"), """
                name: infra0
                data-dir: /var/lib/cairn
                listen-client-urls: https://127.0.0.1:2379,https://10.0.0.1:2379
                advertise-client-urls: https://10.0.0.1:2379
                initial-advertise-peer-urls: http://10.0.0.1:2380
                initial-cluster-token: tok
                initial-cluster-state: new
                max-request-bytes: 10485760
                max-txn-ops: 512
                grpc-keepalive-min-time: 1000000000
                grpc-keepalive-interval: 1h
                log-level: warn
                log-outputs: [stdout]
                experimental-watch-progress-notify-interval: 5000000000
                client-transport-security:
                  cert-file: /pki/server.crt
                  key-file: /pki/server.key
                  trusted-ca-file: /pki/ca.crt
                  client-cert-auth: true
                  auto-tls: false
                peer-transport-security:
                  auto-tls: true
                """);

        ServerConfig c =
                run(List.of("--config-file", file.toString()), Map.of()).config();

        assertThat(c.name()).isEqualTo("infra0");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/cairn"));
        assertThat(texts(c.listenClientUrls())).containsExactly("https://10.0.0.1:2379", "https://127.0.0.1:2379");
        assertThat(texts(c.advertiseClientUrls())).containsExactly("https://10.0.0.1:2379");
        assertThat(c.cluster().initialClusterText()).isEqualTo("infra0=http://10.0.0.1:2380");
        assertThat(c.cluster().token()).isEqualTo("tok");
        assertThat(c.limits().maxRequestBytes()).isEqualTo(10_485_760);
        assertThat(c.limits().maxTxnOps()).isEqualTo(512);
        assertThat(c.keepalive())
                .isEqualTo(new GrpcKeepalive(Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(20)));
        assertThat(c.logging()).isEqualTo(new LogSettings("zap", LogSettings.Level.WARN, List.of("stdout")));
        assertThat(c.tuning().watchProgressNotifyInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.clientSecurity())
                .isEqualTo(new TransportSecurity("/pki/server.crt", "/pki/server.key", "/pki/ca.crt", true, false));
        assertThat(c.peerSecurity()).isEqualTo(new TransportSecurity(null, null, null, false, true));
    }

    @Test
    void configFileNullValuesKeepDefaults() throws IOException, ConfigException {
        // etcd's sample config lists every key, most of them empty: an empty value leaves the default.
        Path file = Files.writeString(dir.resolve("etcd.yml"), """
                name: 'default'
                data-dir:
                wal-dir:
                listen-client-urls: http://localhost:2379
                initial-cluster:
                initial-cluster-state: 'new'
                discovery:
                discovery-fallback: 'proxy'
                proxy: 'off'
                cors:
                enable-v2: true
                auto-compaction-retention: "1"
                client-transport-security:
                  cert-file:
                  key-file:
                  client-cert-auth: false
                  trusted-ca-file:
                  auto-tls: false
                peer-transport-security:
                  cert-file:
                  auto-tls: false
                log-outputs: [stderr]
                """);

        ServerConfig c =
                run(List.of("--config-file", file.toString()), Map.of()).config();

        assertThat(c.dataDir()).isEqualTo(Path.of("default.etcd"));
        assertThat(c.cluster().initialClusterText()).isEqualTo("default=http://localhost:2380");
        assertThat(texts(c.advertiseClientUrls()))
                .as("no advertise rule for config files")
                .containsExactly("http://localhost:2379");
        assertThat(c.clientSecurity()).isEqualTo(TransportSecurity.NONE);
        assertThat(c.tuning().autoCompactionRetention()).isEqualTo("1");
        assertThat(c.settings()).containsEntry("enable-v2", "true");
        assertThat(c.logging().outputs()).containsExactly("stderr");
    }

    @Test
    void configFileMakesFlagsAndEnvironmentIgnored() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("etcd.yml"), "name: fromfile\n");

        LoadOutcome.Run r = run(
                List.of("--config-file=" + file, "--name=fromflag", "--max-txn-ops=9"),
                Map.of("ETCD_DATA_DIR", "/fromenv"));

        assertThat(r.config().name()).isEqualTo("fromfile");
        assertThat(r.config().dataDir()).isEqualTo(Path.of("fromfile.etcd"));
        assertThat(r.config().limits().maxTxnOps()).isEqualTo(128);
        assertThat(r.notices())
                .extracting(Notice::text)
                .anyMatch(t -> t.startsWith("loaded server configuration from " + file));
    }

    @Test
    void configFileFromEnvironment() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("etcd.yml"), "name: fromenvfile\n");

        assertThat(run(List.of("--name=flag"), Map.of("ETCD_CONFIG_FILE", file.toString()))
                        .config()
                        .name())
                .isEqualTo("fromenvfile");
    }

    @Test
    void configFileWarnsAboutKeysEtcdIgnores() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("etcd.yml"), "cert-file: /x.crt\nno-such-key: 1\n");

        LoadOutcome.Run r = run(List.of("--config-file", file.toString()), Map.of());

        assertThat(r.config().clientSecurity()).isEqualTo(TransportSecurity.NONE);
        assertThat(r.notices())
                .extracting(Notice::text)
                .anyMatch(t -> t.contains("key \"cert-file\" is ignored at the top level"))
                .anyMatch(t -> t.contains("unknown key \"no-such-key\" ignored"));
    }

    static Stream<Arguments> badConfigFiles() {
        return Stream.of(
                Arguments.of("max-txn-ops: many\n", "invalid value \"many\" for \"max-txn-ops\": parse error"),
                Arguments.of("listen-client-urls: localhost:2379\n", "URL scheme must be http, https, unix, or unixs"),
                Arguments.of("client-transport-security: yes\n", "client-transport-security must be a mapping"),
                Arguments.of("- a\n- b\n", "must hold a YAML mapping"),
                Arguments.of("name: [unclosed\n", "error parsing config file"));
    }

    @ParameterizedTest
    @MethodSource("badConfigFiles")
    void badConfigFilesExit1(String yaml, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yml"), yaml);

        assertThatThrownBy(() -> run(List.of("--config-file", file.toString()), Map.of()))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessageContaining(message);
    }

    @Test
    void missingConfigFile() {
        assertThatThrownBy(() ->
                        run(List.of("--config-file", dir.resolve("none.yml").toString()), Map.of()))
                .hasMessageContaining("no such file or directory");
    }
}
