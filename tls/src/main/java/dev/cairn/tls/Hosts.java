package dev.cairn.tls;

import io.netty.util.NetUtil;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns the host strings of a listen URL list ({@code "127.0.0.1"}, {@code "localhost:2379"},
 * {@code "https://[::1]:2379"}) into certificate subject-alternative-name entries.
 *
 * <p>Stateless, thread-safe. Never resolves names: an entry is an IP address only if it is an IP
 * literal.
 */
final class Hosts {
    private Hosts() {}

    /** The distinct host parts of {@code entries}, in order, without schemes, ports or brackets. */
    static List<String> normalize(List<String> entries) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String entry : entries) {
            String host = hostOf(entry);
            if (!host.isEmpty()) {
                hosts.add(host);
            }
        }
        return List.copyOf(hosts);
    }

    /** The raw address bytes (4 or 16) if {@code host} is an IP literal, else null. */
    static byte @Nullable [] ipAddress(String host) {
        return NetUtil.createByteArrayFromIpAddressString(host);
    }

    static String hostOf(String entry) {
        String s = entry.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close < 0 ? s.substring(1) : s.substring(1, close);
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) {
            s = s.substring(0, colon); // host:port; several colons means a bare IPv6 literal
        }
        return ipAddress(s) != null ? s : s.toLowerCase(Locale.ROOT);
    }
}
