package dev.cairn.conformance;

import io.grpc.ManagedChannel;
import java.util.Locale;

/**
 * The little of {@link ServerProcess} that the benchmarks in {@code dev.cairn.conformance.bench}
 * need, public so they can live in their own package: start etcd or bin/cairn on free loopback
 * ports, a channel, the server's process ID (for /proc/PID/status), and a clean stop.
 *
 * <p>Thread-safe as {@link ServerProcess} is: one thread starts and closes a server; any thread
 * may use its channel.
 */
public final class BenchServers {
    private BenchServers() {}

    /** Starts {@code target} ("etcd" or "cairn") with a fresh data directory. */
    public static Handle start(String target, String label) {
        return new Handle(ServerProcess.start(Target.valueOf(target.toUpperCase(Locale.ROOT)), label, null));
    }

    /** One running server. */
    public static final class Handle implements AutoCloseable {
        private final ServerProcess server;

        private Handle(ServerProcess server) {
            this.server = server;
        }

        public ManagedChannel channel() {
            return server.channel();
        }

        /** A new channel (its own HTTP/2 connection); the caller closes it. */
        public ManagedChannel newChannel() {
            return Channels.open(server.clientPort(), null);
        }

        /**
         * The process that serves the client port: the child started for it, or its descendant
         * whose command line names the client URL (bin/cairn execs java, so it is usually the
         * child itself).
         */
        public long pid() {
            String url = "127.0.0.1:" + server.clientPort();
            return ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.info()
                            .arguments()
                            .map(args -> String.join(" ", args).contains(url))
                            .orElse(false))
                    .mapToLong(ProcessHandle::pid)
                    .max()
                    // the JDK may read no arguments for a process (/proc/PID/cmdline): then the
                    // child itself, which execs the server
                    .orElseGet(server::childPid);
        }

        public String name() {
            return server.target().lowerName();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
