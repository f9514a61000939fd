package dev.cairn.server.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Go's duration syntax ({@code time.ParseDuration}): a sequence of decimal numbers with units
 * {@code ns, us, µs, ms, s, m, h}, optionally signed, e.g. {@code 5s}, {@code 1h30m},
 * {@code 1.5s}; a bare {@code 0} is allowed. Stateless.
 */
public final class GoDuration {
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "µs", 1_000L,
            "μs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with Go's message when the text is not a duration
     */
    public static Duration parse(String text) {
        String s = text;
        IllegalArgumentException invalid = new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid;
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Long unit = NANOS_PER_UNIT.get(s.substring(unitStart, i));
            if (unit == null) {
                throw unitStart == i
                        ? new IllegalArgumentException("time: missing unit in duration \"" + text + "\"")
                        : new IllegalArgumentException("time: unknown unit \"" + s.substring(unitStart, i)
                                + "\" in duration \"" + text + "\"");
            }
            totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid;
        }
        long nanos = totalNanos.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** Formats like Go's {@code Duration.String()}: {@code 5s}, {@code 2h0m0s}, {@code 100ms}, {@code 0s}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        if (abs < 1_000L) {
            return sign + abs + "ns";
        }
        if (abs < 1_000_000L) {
            return sign + decimal(abs, 3) + "µs";
        }
        if (abs < 1_000_000_000L) {
            return sign + decimal(abs, 6) + "ms";
        }
        long hours = abs / 3_600_000_000_000L;
        long minutes = abs / 60_000_000_000L % 60;
        String seconds = decimal(abs % 60_000_000_000L, 9);
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(seconds).append('s').toString();
    }

    private static String decimal(long value, int shift) {
        return new BigDecimal(value).movePointLeft(shift).stripTrailingZeros().toPlainString();
    }
}
