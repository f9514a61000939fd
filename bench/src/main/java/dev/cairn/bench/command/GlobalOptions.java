package dev.cairn.bench.command;

import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.Endpoint;
import dev.cairn.bench.load.TlsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The flags every command takes: etcd's persistent flags plus ours ({@code --json},
 * {@code --no-progress}). {@code --target-leader} is accepted and ignored (a single member is
 * always its own leader; with several endpoints the connections go round-robin over all).
 */
public record GlobalOptions(
        List<String> endpoints,
        int conns,
        int clients,
        TlsOptions tls,
        Duration dialTimeout,
        boolean precise,
        @Nullable String jsonFile,
        boolean noProgress) {

    public static final FlagSet FLAGS = FlagSet.builder()
            .stringsFlag("endpoints", "127.0.0.1:2379", "gRPC endpoints")
            .uintFlag("conns", 1, "Total number of gRPC connections")
            .uintFlag("clients", 1, "Total number of gRPC clients")
            .boolFlag("precise", "use full floating point precision")
            .stringFlag("cert", "", "identify HTTPS client using this SSL certificate file")
            .stringFlag("key", "", "identify HTTPS client using this SSL key file")
            .stringFlag("cacert", "", "verify certificates of HTTPS-enabled servers using this CA bundle")
            .durationFlag("dial-timeout", "0s", "dial timeout for client connections")
            .boolFlag("target-leader", "accepted for etcd compatibility and ignored")
            .stringFlag("json", "", "write the result as one JSON object to this file")
            .boolFlag("no-progress", "draw no progress bar (also when stdout is not a terminal)")
            .build();

    public GlobalOptions {
        endpoints = List.copyOf(endpoints);
    }

    public static GlobalOptions from(ParsedFlags f) throws UsageException {
        List<String> eps = f.getStrings("endpoints");
        if (eps.isEmpty()) {
            throw new UsageException("--endpoints is empty");
        }
        for (String e : eps) {
            try {
                Endpoint.parse(e);
            } catch (IllegalArgumentException ex) {
                throw new UsageException(String.valueOf(ex.getMessage()));
            }
        }
        String json = f.getString("json");
        return new GlobalOptions(
                eps,
                Math.max(1, f.getInt("conns")),
                Math.max(1, f.getInt("clients")),
                new TlsOptions(
                        blankToNull(f.getString("cacert")),
                        blankToNull(f.getString("cert")),
                        blankToNull(f.getString("key"))),
                f.getDuration("dial-timeout"),
                f.getBool("precise"),
                json.isEmpty() ? null : json,
                f.getBool("no-progress"));
    }

    public List<Endpoint> parsedEndpoints() {
        List<Endpoint> out = new ArrayList<>();
        endpoints.forEach(e -> out.add(Endpoint.parse(e)));
        return out;
    }

    private static @Nullable String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
