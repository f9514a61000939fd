package dev.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One server process (etcd or bin/cairn) started with etcd's flags on free loopback ports and a
 * private data directory. Output goes to a log file under {@code target/server-logs}. The process
 * can be SIGKILLed, stopped with SIGTERM and restarted on the same data directory and ports.
 *
 * <p>Not thread-safe: one test thread drives it (writer threads may use its channel).
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(Long.getLong("conformance.startSeconds", 60));
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Target target;
    private final String label;
    private final Path dataDir;
    private final int clientPort;
    private final int peerPort;
    private final @Nullable TlsMaterial tls;
    private final Path logDir;
    private int generation;
    private @Nullable Process process;
    private @Nullable ManagedChannel channel;

    private ServerProcess(Target target, String label, Path dataDir, @Nullable TlsMaterial tls, int[] ports) {
        this.target = target;
        this.label = label;
        this.dataDir = dataDir;
        this.tls = tls;
        this.clientPort = ports[0];
        this.peerPort = ports[1];
        this.logDir = Path.of("target", "server-logs").toAbsolutePath();
    }

    /** Starts a fresh server on free ports and waits until it answers gRPC. */
    static ServerProcess start(Target target, String label, @Nullable TlsMaterial tls) {
        return start(target, label, tls, freePorts(2));
    }

    /**
     * Starts a fresh server on the given client and peer ports. Member and cluster IDs derive from
     * the peer URLs, so two servers started on the same ports (one after the other) can be
     * compared ID for ID.
     */
    static ServerProcess start(Target target, String label, @Nullable TlsMaterial tls, int[] clientAndPeerPorts) {
        int n = SEQUENCE.incrementAndGet();
        String name = target.lowerName() + "-" + label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + n;
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory(scratchRoot(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerProcess server = new ServerProcess(target, name, dataDir, tls, clientAndPeerPorts.clone());
        try {
            server.launch();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** tmpfs when there is one: etcd fsyncs every write, and the tests never cut the power. */
    static Path scratchRoot() {
        String explicit = System.getProperty("conformance.scratch");
        Path root = explicit != null ? Path.of(explicit) : Path.of("/dev/shm");
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            root = Path.of(System.getProperty("java.io.tmpdir"));
        }
        return root;
    }

    Target target() {
        return target;
    }

    /** The process id of the running server's child process (bin/cairn and etcd both exec it). */
    long childPid() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("server " + label + " is not running");
        }
        return p.pid();
    }

    int clientPort() {
        return clientPort;
    }

    int peerPort() {
        return peerPort;
    }

    /** The client URL, as etcdctl's {@code --endpoints} takes it. */
    String endpoint() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort;
    }

    @Nullable
    TlsMaterial tls() {
        return tls;
    }

    Path logFile() {
        return logDir.resolve(label + "." + generation + ".log");
    }

    /** A shared channel to this server; closed with the server. Thread-safe. */
    synchronized ManagedChannel channel() {
        ManagedChannel c = channel;
        if (c == null) {
            c = Channels.open(clientPort, tls);
            channel = c;
        }
        return c;
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    private List<String> command() {
        String scheme = tls == null ? "http" : "https";
        String client = scheme + "://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> cmd = new ArrayList<>(target.command());
        cmd.addAll(List.of(
                "--name",
                "n",
                "--data-dir",
                dataDir.toString(),
                "--listen-client-urls",
                client,
                "--advertise-client-urls",
                client,
                "--listen-peer-urls",
                peer,
                "--initial-advertise-peer-urls",
                peer,
                "--initial-cluster",
                "n=" + peer));
        if (tls != null) {
            cmd.addAll(tls.serverFlags());
        }
        cmd.addAll(target.extraFlags());
        return cmd;
    }

    private void launch() {
        generation++;
        try {
            Files.createDirectories(logDir);
            Path log = logFile();
            Files.writeString(log, String.join(" ", command()) + "\n", StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + target, e);
        }
        awaitServing();
    }

    /**
     * Polls Maintenance.Status until the server answers. Any answer other than UNAVAILABLE or
     * DEADLINE_EXCEEDED (UNIMPLEMENTED included) means the gRPC listener is serving. Between
     * attempts it waits for the process to exit, so a crash is reported at once.
     */
    private void awaitServing() {
        Process p = requireProcess();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        ManagedChannel c = channel();
        @Nullable StatusRuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(
                        label + " exited with " + p.exitValue() + " while starting\n" + logTail());
            }
            try {
                MaintenanceGrpc.newBlockingStub(c)
                        .withDeadlineAfter(1, TimeUnit.SECONDS)
                        .status(StatusRequest.getDefaultInstance());
                return;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
                    return;
                }
                last = e;
            }
            c.resetConnectBackoff();
            try {
                p.onExit().get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException expected) {
                // still running: poll again
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + label, e);
            }
        }
        throw new IllegalStateException(
                label + " did not serve within " + START_DEADLINE + " (last: " + last + ")\n" + logTail());
    }

    private Process requireProcess() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(label + " was never started");
        }
        return p;
    }

    /** SIGKILL, no warning; waits until the process (and any children) are gone. */
    void kill9() {
        Process p = requireProcess();
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        awaitExit(p);
        for (ProcessHandle child : children) {
            waitFor(child);
        }
        dropChannel();
    }

    /** SIGTERM, waits for a clean exit and asserts the exit status this target promises. */
    void stop() {
        Process p = requireProcess();
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        int code = awaitExit(p);
        for (ProcessHandle child : children) {
            waitFor(child);
        }
        dropChannel();
        assertThat(code)
                .as("exit status of %s after SIGTERM; log %s", label, logFile())
                .isEqualTo(target.exitCodeAfterSigterm());
    }

    /** Starts the same command again on the same data directory and ports. */
    void restart() {
        if (isAlive()) {
            throw new IllegalStateException(label + " is still running");
        }
        launch();
    }

    private int awaitExit(Process p) {
        try {
            if (!p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError(label + " did not exit within " + EXIT_DEADLINE + "\n" + logTail());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(ProcessHandle handle) {
        try {
            handle.onExit().get(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            handle.destroyForcibly();
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
            int from = Math.max(0, lines.size() - 40);
            return "---- " + logFile() + " (tail) ----\n" + String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the process if it still runs and removes the data directory. Never throws. */
    @Override
    public void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            try {
                p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.forEach(ServerProcess::waitFor);
        }
        dropChannel();
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: a scratch directory
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
        return ports;
    }

    @Override
    public String toString() {
        return label + "@" + endpoint();
    }
}
