package dev.cairn.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Makes etcdctl's membership output comparable between two clusters: member and cluster IDs
 * (random for added members, and different between any two clusters) become symbolic names such
 * as {@code <m3>} or {@code <leader>}, ports become {@code <m0.client>}/{@code <m0.peer>}, table
 * padding is collapsed, and member rows (which etcd orders by ID) are sorted. The step's
 * {@link Etcdctl.Result#normalised()} masking of header fields and client log noise comes first.
 *
 * <p>Not thread-safe: one scenario thread fills and uses it.
 */
final class MemberOutput {
    private static final Pattern JSON_MEMBER = Pattern.compile("\\{\"ID\":[^{}]*\\}");
    private static final Pattern INITIAL_CLUSTER = Pattern.compile("ETCD_INITIAL_CLUSTER=\"([^\"]*)\"");

    private final Map<Pattern, String> aliases = new LinkedHashMap<>();

    MemberOutput() {}

    private MemberOutput(Map<Pattern, String> aliases) {
        this.aliases.putAll(aliases);
    }

    /** Names the member ID {@code id} (hex and decimal forms) {@code <name>}. */
    MemberOutput id(long id, String name) {
        // etcdctl prints most IDs with %16x: space-padded to 16 columns
        aliases.put(Pattern.compile(" +" + Long.toHexString(id) + "\\b"), " <" + name + ">");
        aliases.put(Pattern.compile("\\b" + Long.toHexString(id) + "\\b"), "<" + name + ">");
        aliases.put(Pattern.compile("\\b" + Long.toUnsignedString(id) + "\\b"), "<" + name + ">");
        return this;
    }

    /** Names a loopback port {@code <label>} wherever a URL carries it. */
    MemberOutput port(int port, String label) {
        aliases.put(Pattern.compile(":" + port + "\\b"), ":<" + label + ">");
        return this;
    }

    /** A copy whose aliases, given first, take precedence over this one's (for one step). */
    MemberOutput with(Map<Long, String> ids, Map<Integer, String> ports) {
        MemberOutput extra = new MemberOutput();
        ids.forEach(extra::id);
        ports.forEach(extra::port);
        Map<Pattern, String> first = new LinkedHashMap<>(extra.aliases);
        aliases.forEach(first::putIfAbsent);
        return new MemberOutput(first);
    }

    /** The comparable form of one etcdctl call. */
    String normalise(Etcdctl.Result raw) {
        Etcdctl.Result r = raw.normalised();
        String out = apply(r.stdout());
        String err = apply(r.stderr());
        List<String> args = r.args();
        if (args.contains("json")) {
            out = sortJsonMembers(out);
        } else if (args.contains("table")) {
            out = table(out);
        } else if (args.contains("list")) {
            out = sortedLines(out);
        }
        out = sortInitialCluster(out);
        return "$ etcdctl " + apply(String.join(" ", args)) + "\n[exit " + r.exitCode() + "]\n--- stdout ---\n" + out
                + "--- stderr ---\n" + err;
    }

    private String apply(String text) {
        String out = text;
        for (Map.Entry<Pattern, String> e : aliases.entrySet()) {
            out = e.getKey().matcher(out).replaceAll(Matcher.quoteReplacement(e.getValue()));
        }
        return out;
    }

    private static String sortedLines(String text) {
        String[] lines = text.split("\n", -1);
        List<String> body = new ArrayList<>(Arrays.asList(lines).subList(0, lines.length - 1));
        body.sort(null);
        return String.join("\n", body) + "\n" + lines[lines.length - 1];
    }

    /** Collapses the padding of etcdctl's table and sorts its rows (the header row stays first). */
    private static String table(String text) {
        int borders = 0;
        String header = "";
        List<String> rows = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("+")) {
                borders++;
            } else if (line.startsWith("|")) {
                String cells =
                        Arrays.stream(line.split("\\|", -1)).map(String::trim).collect(Collectors.joining("|"));
                if (header.isEmpty()) {
                    header = cells;
                } else {
                    rows.add(cells);
                }
            } else {
                other.add(line);
            }
        }
        rows.sort(null);
        return "(" + borders + " borders)\n" + header + "\n" + String.join("\n", rows) + "\n"
                + String.join("\n", other);
    }

    private static String sortJsonMembers(String json) {
        Matcher m = JSON_MEMBER.matcher(json);
        List<String> members = new ArrayList<>();
        while (m.find()) {
            members.add(m.group());
        }
        List<String> sorted = new ArrayList<>(members);
        sorted.sort(null);
        StringBuilder out = new StringBuilder();
        Matcher again = JSON_MEMBER.matcher(json);
        int i = 0;
        while (again.find()) {
            again.appendReplacement(out, Matcher.quoteReplacement(sorted.get(i++)));
        }
        again.appendTail(out);
        return out.toString();
    }

    private static String sortInitialCluster(String text) {
        Matcher m = INITIAL_CLUSTER.matcher(text);
        if (!m.find()) {
            return text;
        }
        List<String> parts = new ArrayList<>(Arrays.asList(m.group(1).split(",")));
        parts.sort(null);
        return text.substring(0, m.start(1)) + String.join(",", parts) + text.substring(m.end(1));
    }

    /** The ETCD_INITIAL_CLUSTER value that {@code member add} printed. */
    static String initialCluster(Etcdctl.Result add) {
        Matcher m = INITIAL_CLUSTER.matcher(add.stdout());
        if (!m.find()) {
            throw new AssertionError("no ETCD_INITIAL_CLUSTER in\n" + add);
        }
        return m.group(1);
    }

    /** The new member's ID from {@code Member <hex> added to cluster <hex>} (etcdctl pads the ID to 16 columns with spaces). */
    static long addedId(Etcdctl.Result add) {
        Matcher m = Pattern.compile("Member +([0-9a-f]+) added to cluster").matcher(add.stdout());
        if (!m.find()) {
            throw new AssertionError("no member ID in\n" + add);
        }
        return Long.parseUnsignedLong(m.group(1), 16);
    }
}
