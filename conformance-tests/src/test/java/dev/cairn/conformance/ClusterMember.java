package dev.cairn.conformance;

import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import dev.cairn.proto.etcdserverpb.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One member of a {@link ClusterProcesses} cluster: an etcd or bin/cairn process started with
 * etcd's clustering flags on its own loopback client and peer ports and its own data directory.
 * Output goes to {@code target/server-logs/<cluster>-<name>.<generation>.log}.
 *
 * <p>Thread-safe for {@link #channel()} (writer threads share it); starting, stopping and killing
 * are driven by one test thread.
 */
final class ClusterMember implements AutoCloseable {
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);

    private final ClusterProcesses.Options options;
    private final Target target;
    private final String clusterLabel;
    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private final Path logDir;
    private final String initialCluster;
    private final String initialClusterState;
    private int generation;
    private @Nullable Process process;
    private @Nullable ManagedChannel channel;

    ClusterMember(
            Target target,
            ClusterProcesses.Options options,
            String clusterLabel,
            String name,
            int clientPort,
            int peerPort,
            Path dataDir,
            String initialCluster,
            String initialClusterState) {
        this.target = target;
        this.options = options;
        this.clusterLabel = clusterLabel;
        this.name = name;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDir = dataDir;
        this.initialCluster = initialCluster;
        this.initialClusterState = initialClusterState;
        this.logDir = Path.of("target", "server-logs").toAbsolutePath();
    }

    String name() {
        return name;
    }

    int clientPort() {
        return clientPort;
    }

    int peerPort() {
        return peerPort;
    }

    /** The client URL, as etcdctl's {@code --endpoints} takes it. */
    String clientUrl() {
        return clientUrl(options, clientPort);
    }

    /** The peer URL this member advertises. */
    String peerUrl() {
        return peerUrl(options, peerPort);
    }

    static String clientUrl(ClusterProcesses.Options options, int port) {
        return (options.clientAutoTls() ? "https" : "http") + "://127.0.0.1:" + port;
    }

    static String peerUrl(ClusterProcesses.Options options, int port) {
        return (options.peerAutoTls() ? "https" : "http") + "://127.0.0.1:" + port;
    }

    Path logFile() {
        return logDir.resolve(clusterLabel + "-" + name + "." + generation + ".log");
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>(target.command());
        cmd.addAll(List.of(
                "--name=" + name,
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + clientUrl(),
                "--advertise-client-urls=" + clientUrl(),
                "--listen-peer-urls=" + peerUrl(),
                "--initial-advertise-peer-urls=" + peerUrl(),
                "--initial-cluster=" + initialCluster,
                "--initial-cluster-state=" + initialClusterState,
                "--initial-cluster-token=" + options.token(),
                "--heartbeat-interval=" + options.heartbeatMillis(),
                "--election-timeout=" + options.electionMillis()));
        if (options.clientAutoTls()) {
            cmd.add("--auto-tls");
        }
        if (options.peerAutoTls()) {
            cmd.add("--peer-auto-tls");
        }
        if (target == Target.ETCD) {
            cmd.add("--logger=zap"); // etcd 3.4 otherwise warns that capnslog is deprecated
        }
        return cmd;
    }

    /** Starts the process without waiting; {@link ClusterProcesses} waits for the cluster. */
    void launch() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        generation++;
        try {
            Files.createDirectories(logDir);
            Path log = logFile();
            Files.writeString(log, String.join(" ", command()) + "\n", StandardCharsets.UTF_8);
            process = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + target + " member " + name, e);
        }
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The exit status if the process has ended, else null. */
    @Nullable
    Integer exitStatus() {
        Process p = process;
        return p == null || p.isAlive() ? null : p.exitValue();
    }

    /**
     * Waits up to {@code millis} for the process to exit; a bounded pause between polls that ends
     * early when the member crashes.
     */
    void pauseUnlessExited(long millis) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            p.onExit().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException expected) {
            // still running
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A shared channel to the client port (auto-TLS: trusts any certificate, as etcd's e2e tests do). */
    synchronized ManagedChannel channel() {
        ManagedChannel c = channel;
        if (c == null) {
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", clientPort)
                    .maxInboundMessageSize(Integer.MAX_VALUE)
                    .directExecutor();
            if (options.clientAutoTls()) {
                try {
                    // the JDK's TLS: etcd 3.4's auto-TLS certificates use P-521, which BoringSSL's
                    // client does not offer a signature algorithm for (handshake failure)
                    builder.sslContext(GrpcSslContexts.configure(
                                    SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE),
                                    SslProvider.JDK)
                            .build());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                builder.usePlaintext();
            }
            c = builder.build();
            channel = c;
        }
        return c;
    }

    /** Maintenance.Status with a deadline; throws StatusRuntimeException when it does not answer. */
    StatusResponse status(Duration deadline) {
        return MaintenanceGrpc.newBlockingStub(channel())
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .status(StatusRequest.getDefaultInstance());
    }

    /** The member ID this member reports in its response headers. */
    long id() {
        return status(Duration.ofSeconds(10)).getHeader().getMemberId();
    }

    /** SIGKILL; waits until the process is gone. */
    void kill9() {
        Process p = requireProcess();
        p.destroyForcibly();
        awaitExit(p);
        dropChannel();
    }

    /** SIGTERM; waits for the exit and returns its status. */
    int stop() {
        Process p = requireProcess();
        p.destroy();
        int code = awaitExit(p);
        dropChannel();
        return code;
    }

    private Process requireProcess() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return p;
    }

    private int awaitExit(Process p) {
        try {
            if (!p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError(name + " did not exit within " + EXIT_DEADLINE + "\n" + logTail());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void dropChannel() {
        ManagedChannel c = channel;
        channel = null;
        if (c != null) {
            Channels.close(c);
        }
    }

    /** The last lines of the current log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            int from = Math.max(0, lines.size() - 30);
            return "---- " + logFile() + " (tail) ----\n" + String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log " + logFile() + ": " + e + ")";
        }
    }

    /** Kills the process if it still runs. Never throws; the data directory belongs to the cluster. */
    @Override
    public void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropChannel();
    }

    @Override
    public String toString() {
        return name + "@" + clientUrl();
    }
}
