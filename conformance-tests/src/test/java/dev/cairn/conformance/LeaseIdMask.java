package dev.cairn.conformance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces lease IDs (chosen by each server, so never equal between two clusters) with
 * {@code <lease#n>}, n counting distinct IDs in order of first appearance over a whole transcript,
 * and remaining TTLs (which depend on when the question was asked) with {@code <ttl>}. Two
 * transcripts that mention the same leases in the same places mask to the same text, whatever
 * the IDs are, in hex or in decimal.
 *
 * <p>Not thread-safe: one transcript at a time.
 */
final class LeaseIdMask {
    /** A pattern whose group 1 is a lease ID in the given radix. */
    private record IdPattern(Pattern pattern, int radix) {}

    private static final List<IdPattern> ALWAYS = List.of(
            // lease <id> granted / keepalived / revoked / already expired / expired or revoked
            new IdPattern(Pattern.compile("\\blease ([0-9a-f]{1,16})\\b"), 16),
            // lease list: one %016x ID per line
            new IdPattern(Pattern.compile("(?m)^([0-9a-f]{16})$"), 16),
            // JSON output: grant/keep-alive ID, timetolive and list id, KeyValue lease
            new IdPattern(Pattern.compile("\"(?:ID|id|lease)\":([1-9][0-9]*)"), 10),
            // fields output of a KeyValue
            new IdPattern(Pattern.compile("\"Lease\" : ([1-9][0-9]*)"), 10));

    private static final List<Pattern> TTLS =
            List.of(Pattern.compile("(remaining\\()[0-9]+(s\\))"), Pattern.compile("(\"ttl\":)[0-9]+()"));

    /** Keys attached to a lease come in map order on etcd: compared as sets, sorted. */
    private static final Pattern SIMPLE_KEYS = Pattern.compile("(attached keys\\(\\[)([^\\]]*)(\\]\\))");

    private static final Pattern JSON_KEYS = Pattern.compile("(\"keys\":\\[)([^\\]]*)(\\])");

    private final List<IdPattern> patterns;
    private final Map<Long, Integer> seen = new HashMap<>();

    /** {@code lockNames}: lock and election names, whose keys are {@code name/<lease hex>}. */
    LeaseIdMask(List<String> lockNames) {
        List<IdPattern> all = new ArrayList<>(ALWAYS);
        for (String name : lockNames) {
            all.add(new IdPattern(
                    Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "/([0-9a-f]{1,16})\\b"), 16));
        }
        this.patterns = List.copyOf(all);
    }

    private record Hit(int start, int end, long id) {}

    /** Masks one text, continuing the numbering of earlier texts of the same transcript. */
    String mask(String text) {
        List<Hit> hits = new ArrayList<>();
        for (IdPattern p : patterns) {
            Matcher m = p.pattern().matcher(text);
            while (m.find()) {
                hits.add(new Hit(m.start(1), m.end(1), Long.parseUnsignedLong(m.group(1), p.radix())));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::start));
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Hit hit : hits) {
            if (hit.start() < at) {
                continue; // overlapping match of another pattern
            }
            int n = seen.computeIfAbsent(hit.id(), k -> seen.size());
            out.append(text, at, hit.start()).append("<lease#").append(n).append('>');
            at = hit.end();
        }
        out.append(text.substring(at));
        String masked = out.toString();
        for (Pattern ttl : TTLS) {
            masked = ttl.matcher(masked).replaceAll("$1<ttl>$2");
        }
        masked = sortWithin(masked, SIMPLE_KEYS, " ");
        return sortWithin(masked, JSON_KEYS, ",");
    }

    /** Sorts the {@code separator}-separated items of group 2 of each match. */
    private static String sortWithin(String text, Pattern pattern, String separator) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            List<String> items = new ArrayList<>(List.of(m.group(2).split(Pattern.quote(separator), -1)));
            items.sort(Comparator.naturalOrder());
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + String.join(separator, items) + m.group(3)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    Etcdctl.Result mask(Etcdctl.Result r) {
        return new Etcdctl.Result(r.args(), r.exitCode(), mask(r.stdout()), mask(r.stderr()));
    }

    /** Normalises (Etcdctl's rules) and masks a whole transcript with one numbering. */
    static List<Etcdctl.Result> normalise(List<Etcdctl.Result> transcript, List<String> lockNames) {
        LeaseIdMask mask = new LeaseIdMask(lockNames);
        List<Etcdctl.Result> out = new ArrayList<>();
        for (Etcdctl.Result r : transcript) {
            out.add(mask.mask(r.normalised()));
        }
        return out;
    }
}
