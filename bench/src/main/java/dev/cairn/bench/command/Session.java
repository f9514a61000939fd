package dev.cairn.bench.command;

import dev.cairn.bench.load.Connections;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.bench.report.SummaryText;
import dev.cairn.bench.time.Ticker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a command runs with: the global options, the output, the progress bar, the clock and the
 * connections it opens (all closed by {@link #close}). Owned by the main thread.
 */
public final class Session implements AutoCloseable {
    private final GlobalOptions options;
    private final PrintStream out;
    private final ProgressBar bar;
    private final Ticker ticker;
    private final List<Connections> opened = new ArrayList<>();

    public Session(GlobalOptions options, PrintStream out, ProgressBar bar, Ticker ticker) {
        this.options = options;
        this.out = out;
        this.bar = bar;
        this.ticker = ticker;
    }

    public GlobalOptions options() {
        return options;
    }

    public PrintStream out() {
        return out;
    }

    public ProgressBar bar() {
        return bar;
    }

    public Ticker ticker() {
        return ticker;
    }

    /** Opens the {@code --conns} connections over {@code --endpoints}. */
    public Connections connect() throws DialException, InterruptedException {
        return connect(options.conns());
    }

    /** Opens {@code count} more connections (a separate connection for puts, as etcd's tool makes). */
    public Connections connect(int count) throws DialException, InterruptedException {
        Connections c = Connections.open(options.parsedEndpoints(), count, options.tls(), options.dialTimeout());
        opened.add(c);
        return c;
    }

    /** The etcd-style summary of {@code stats}. */
    public String summary(LatencyStats stats) {
        return new SummaryText(options.precise()).format(stats);
    }

    public JsonResult result(String command, LatencyStats requests, @Nullable LatencyStats events) {
        return new JsonResult(command, options.endpoints(), options.conns(), options.clients(), requests, events);
    }

    @Override
    public void close() {
        for (Connections c : opened) {
            c.close();
        }
        opened.clear();
    }
}
