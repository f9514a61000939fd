package dev.cairn.bench;

import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.command.BenchCommand;
import dev.cairn.bench.command.Commands;
import dev.cairn.bench.command.GlobalOptions;
import dev.cairn.bench.command.Session;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.load.Warmup;
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.bench.time.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code bin/cairn-bench [global flags] <command> [command flags] [args]}: etcd's benchmark
 * command line. {@link #run} is the in-process entry (tests call it); {@link #main} exits with
 * its status. The progress bar is drawn only when {@code -Dcairn.bench.terminal=true} (the
 * launcher sets it when stdout is a terminal) and {@code --no-progress} is not given. With
 * {@code -Dcairn.bench.warmup=N} (the launcher's default is 20000) N requests warm the JVM up
 * against an in-process stand-in before the command runs; see {@link Warmup}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        boolean terminal = Boolean.getBoolean("cairn.bench.terminal");
        int status = run(args, System.out, System.err, terminal);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command line; returns the exit status (0 done, 1 bad usage or failure). */
    public static int run(String[] argv, PrintStream out, PrintStream err, boolean terminal) {
        List<String> args = Arrays.asList(argv);
        ParsedFlags head;
        try {
            head = GlobalOptions.FLAGS.parse(args, true);
        } catch (UsageException e) {
            return usageError(err, e.reason(), null);
        }
        List<String> rest = head.positional();
        if (rest.isEmpty() || rest.get(0).equals("help")) {
            BenchCommand about = rest.size() > 1 ? Commands.find(rest.get(1)) : null;
            out.print(about == null ? rootUsage() : commandUsage(about));
            return 0;
        }
        BenchCommand command = Commands.find(rest.get(0));
        if (command == null) {
            return usageError(err, "unknown command \"" + rest.get(0) + "\" for \"cairn-bench\"", null);
        }
        List<String> commandArgs = new ArrayList<>(args.subList(0, args.size() - rest.size()));
        commandArgs.addAll(rest.subList(1, rest.size()));
        FlagSet all = GlobalOptions.FLAGS.with(command.spec().flags());
        try {
            ParsedFlags flags = all.parse(commandArgs, false);
            if (head.help() || flags.help()) {
                out.print(commandUsage(command));
                return 0;
            }
            GlobalOptions options = GlobalOptions.from(flags);
            Warmup.run(Long.getLong("cairn.bench.warmup", 0), options.conns(), Math.max(32, options.clients()));
            ProgressBar bar = new ProgressBar(err, Ticker.SYSTEM, terminal && !options.noProgress());
            JsonResult result;
            try (Session session = new Session(options, out, bar, Ticker.SYSTEM)) {
                result = command.run(session, flags);
            }
            out.flush();
            String json = options.jsonFile();
            if (json != null) {
                try {
                    Files.writeString(Path.of(json), result.toJson(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IOException("cannot write the JSON result: " + e.getMessage(), e);
                }
            }
            return 0;
        } catch (UsageException e) {
            return usageError(err, e.reason(), command);
        } catch (DialException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("cairn-bench: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        }
    }

    private static int usageError(PrintStream err, String message, @Nullable BenchCommand command) {
        err.println("Error: " + message);
        err.print(command == null ? rootUsage() : commandUsage(command));
        return 1;
    }

    static String rootUsage() {
        StringBuilder sb = new StringBuilder();
        sb.append("cairn-bench is a low-level benchmark tool for etcd's v3 API (etcd or Cairn),\n")
                .append("after etcd's tools/benchmark, with the same commands and flags.\n\n")
                .append("Usage:\n  cairn-bench [command]\n\nAvailable Commands:\n");
        for (BenchCommand c : Commands.all()) {
            sb.append(String.format(
                    Locale.ROOT, "  %-16s %s%n", c.spec().name(), c.spec().description()));
        }
        sb.append("\nFlags:\n").append(GlobalOptions.FLAGS.usage());
        sb.append("\nUse \"cairn-bench [command] --help\" for more information about a command.\n");
        return sb.toString();
    }

    static String commandUsage(BenchCommand command) {
        BenchCommand.Spec c = command.spec();
        String args = c.argsUsage().isEmpty() ? "" : " " + c.argsUsage();
        return c.description() + "\n\nUsage:\n  cairn-bench " + c.name() + args + " [flags]\n\nFlags:\n"
                + c.flags().usage() + "\nGlobal Flags:\n" + GlobalOptions.FLAGS.usage();
    }
}
