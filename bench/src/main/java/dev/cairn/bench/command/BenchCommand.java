package dev.cairn.bench.command;

import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.report.JsonResult;

/** One benchmark command: its {@link Spec} (etcd's name, flags and defaults) and its run. */
public interface BenchCommand {

    /**
     * What the command line and the help show of a command.
     *
     * @param argsUsage the positional arguments as shown in usage ({@code "key [end-range]"}), or empty
     */
    record Spec(String name, String argsUsage, String description, FlagSet flags) {}

    Spec spec();

    /**
     * Runs the benchmark on the session's connections, prints the summaries to the session's
     * output and returns the result for {@code --json}.
     */
    JsonResult run(Session session, ParsedFlags flags) throws UsageException, DialException, InterruptedException;
}
