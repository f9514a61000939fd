package dev.cairn.server.launch;

import dev.cairn.server.config.ConfigException;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.LoadOutcome;
import dev.cairn.server.config.Notice;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code cairn} command: etcd's command line for a single member.
 *
 * <p>Exit codes as etcd: 2 for a command-line syntax error (unknown flag, malformed value), 1 for a
 * configuration that fails verification or a member that cannot start, 0 after {@code --version},
 * {@code --help}, or a clean shutdown on SIGTERM or SIGINT.
 *
 * <p>Not thread-safe; runs on the main thread, which parks until a stop signal, then closes the member. Holds no logger in a static
 * field: logging is configured from the flags before the first logger is created.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        DnsCaching.configure();
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs the command and returns the exit code (after the member stopped, if one was started). */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        LoadOutcome outcome;
        try {
            outcome = ConfigLoader.load(args, env);
        } catch (ConfigException e) {
            return report(e, err);
        }
        return switch (outcome) {
            case LoadOutcome.ShowVersion v -> {
                VersionInfo.lines().forEach(out::println);
                yield 0;
            }
            case LoadOutcome.ShowHelp h -> {
                out.print(Usage.text());
                yield 0;
            }
            case LoadOutcome.Run r -> serve(r);
        };
    }

    /** Prints a configuration error as etcd does and returns its exit code. */
    static int report(ConfigException e, PrintStream err) {
        if (e.exitCode() == ConfigException.SYNTAX) {
            err.println(e.getMessage());
            err.println(Usage.hint());
        } else {
            err.println("cairn: error verifying flags, " + e.getMessage() + ". See 'cairn --help'.");
        }
        err.flush();
        return e.exitCode();
    }

    private static int serve(LoadOutcome.Run run) {
        java.util.logging.Logger grpcLogger =
                LoggingSetup.configure(run.config().logging());
        Logger log = LoggerFactory.getLogger(Main.class);
        if (LoggingSetup.dropsOutputs(run.config().logging())) {
            log.warn(
                    "only the first of --log-outputs={} is used",
                    run.config().logging().outputs());
        }
        for (Notice n : run.notices()) {
            if (n.warning()) {
                log.warn("{}", n.text());
            } else {
                log.info("{}", n.text());
            }
        }
        ShutdownSignals signals = ShutdownSignals.install(log);
        Member member;
        try {
            // The one place wall time enters: auto-TLS certificate validity.
            member = Member.start(run.config(), InstantSource.system());
        } catch (StartupException e) {
            log.error("{}", e.getMessage(), e.getCause());
            return 1;
        }
        try {
            // Any other way out of the JVM (System.exit elsewhere, SIGHUP) still closes the store.
            Runtime.getRuntime().addShutdownHook(new Thread(member::close, "cairn-shutdown"));
        } catch (IllegalStateException alreadyShuttingDown) {
            member.close();
            return 0;
        }
        try {
            signals.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        member.close();
        Reference.reachabilityFence(grpcLogger);
        return 0;
    }
}
