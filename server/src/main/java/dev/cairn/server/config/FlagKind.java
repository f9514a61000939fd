package dev.cairn.server.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * The value types of etcd's flags, each checking a value the way etcd's Go flag type does and
 * returning it in normal form. Stateless.
 */
public enum FlagKind {
    STRING,
    /** Go bool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False; {@code --flag} alone means true. */
    BOOL,
    INT(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
    INT64(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
    UINT(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE)),
    UINT64(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE)),
    UINT32(BigInteger.ZERO, BigInteger.TWO.pow(32).subtract(BigInteger.ONE)),
    DURATION,
    /** A non-empty comma-separated list of {@link EtcdUrl}s. */
    URLS,
    /** A comma-separated list of strings. */
    STRINGS,
    /** One of a fixed set of strings (etcd's SelectiveStringValue). */
    CHOICE,
    /** A flag etcd still accepts and ignores with a warning; takes no value. */
    IGNORED;

    private static final List<String> TRUE = List.of("1", "t", "T", "TRUE", "true", "True");
    private static final List<String> FALSE = List.of("0", "f", "F", "FALSE", "false", "False");

    private final BigInteger min;
    private final BigInteger max;

    FlagKind() {
        this(BigInteger.ZERO, BigInteger.ZERO);
    }

    FlagKind(BigInteger min, BigInteger max) {
        this.min = min;
        this.max = max;
    }

    /** True when the flag may be given without a value ({@code --auto-tls}). */
    public boolean isBoolean() {
        return this == BOOL || this == IGNORED;
    }

    /**
     * Checks {@code value} for flag {@code def} and returns its normal form.
     *
     * @throws IllegalArgumentException with the reason, worded like Go's flag errors
     */
    public String check(FlagDef def, String value) {
        return switch (this) {
            case STRING, STRINGS, IGNORED -> value;
            case BOOL -> parseBool(value);
            case INT, INT64, UINT, UINT64, UINT32 -> parseInteger(value).toString();
            case DURATION -> {
                try {
                    GoDuration.parse(value);
                    yield value;
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("parse error", e);
                }
            }
            case URLS -> {
                EtcdUrl.parseList(value);
                yield value;
            }
            case CHOICE -> {
                if (!def.choices().contains(value)) {
                    throw new IllegalArgumentException(
                            "invalid value (valid values: " + String.join(", ", def.choices()) + ")");
                }
                yield value;
            }
        };
    }

    static String parseBool(String value) {
        if (TRUE.contains(value)) {
            return "true";
        }
        if (FALSE.contains(value)) {
            return "false";
        }
        throw new IllegalArgumentException("parse error");
    }

    /** Go's strconv base-0 integer syntax: decimal, 0x hex, 0o or leading-0 octal, 0b binary. */
    private BigInteger parseInteger(String value) {
        String s = value;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            s = s.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            s = s.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        if (radix != 10) {
            s = s.replace("_", "");
        }
        BigInteger parsed;
        try {
            if (s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0))) {
                throw new NumberFormatException(value);
            }
            parsed = new BigInteger(s, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parse error", e);
        }
        if (negative) {
            parsed = parsed.negate();
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new IllegalArgumentException(min.signum() == 0 && negative ? "parse error" : "value out of range");
        }
        return parsed;
    }
}
