package dev.cairn.bench.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Go's float formats used by etcd's report: {@code %4.4f} and the shortest {@code %g}. */
final class GoFloat {
    private GoFloat() {}

    /** {@code %4.4f}: four decimals. */
    static String fixed4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * {@code %g} with no precision: the shortest decimal that reads back as {@code v}, in
     * exponent form ({@code 1.5e-05}) when the exponent is below -4 or at least 21.
     */
    static String shortest(double v) {
        if (v == 0) {
            return "0";
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf");
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 21) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        return sign + d.abs().toPlainString();
    }
}
