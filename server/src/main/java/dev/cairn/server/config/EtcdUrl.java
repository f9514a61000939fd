package dev.cairn.server.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One URL of an etcd URL flag ({@code --listen-client-urls} and friends), checked by etcd's rules:
 * scheme http, https, unix or unixs; an address of the form {@code host:port}; no path. Immutable.
 *
 * @param scheme lower-case scheme
 * @param host host without brackets (an IPv6 literal is bare), may be empty as in Go ({@code http://:2379})
 * @param port port text as given (digits, possibly empty as Go allows)
 * @param text the URL as etcd prints it: lower-case scheme, then the address as given
 */
public record EtcdUrl(String scheme, String host, String port, String text) {
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[^\\]]+)?");

    public EtcdUrl {
        if (!List.of("http", "https", "unix", "unixs").contains(scheme)) {
            throw new IllegalArgumentException("URL scheme must be http, https, unix, or unixs: " + text);
        }
    }

    /** Parses one URL, trimming surrounding blanks as etcd does. */
    public static EtcdUrl parse(String raw) {
        String in = raw.strip();
        int sep = in.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("URL scheme must be http, https, unix, or unixs: " + in);
        }
        String scheme = in.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "unix", "unixs").contains(scheme)) {
            throw new IllegalArgumentException("URL scheme must be http, https, unix, or unixs: " + in);
        }
        String rest = in.substring(sep + 3);
        int end = firstOf(rest, "/?#");
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        if (authority.contains("@")) {
            authority = authority.substring(authority.lastIndexOf('@') + 1);
        }
        String[] hostPort = splitHostPort(authority, in);
        if (tail.startsWith("/")) {
            throw new IllegalArgumentException("URL must not contain a path: " + in);
        }
        return new EtcdUrl(scheme, hostPort[0], hostPort[1], scheme + "://" + authority + tail);
    }

    /** Parses a comma-separated list (at least one URL), sorted by text as etcd sorts them. */
    public static List<EtcdUrl> parseList(String commaSeparated) {
        List<EtcdUrl> out = new ArrayList<>();
        for (String part : commaSeparated.split(",", -1)) {
            out.add(parse(part));
        }
        out.sort(Comparator.comparing(EtcdUrl::text));
        return List.copyOf(out);
    }

    /** {@code host:port} with IPv6 literals bracketed, as a listener address is printed. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** True when the host is an IP literal or {@code localhost} (etcd accepts only these for binding). */
    public boolean bindable() {
        return host.equals("localhost")
                || IPV4.matcher(host).matches()
                || (host.contains(":") && IPV6.matcher(host).matches());
    }

    /** True for https and unixs. */
    public boolean secure() {
        return scheme.equals("https") || scheme.equals("unixs");
    }

    @Override
    public String toString() {
        return text;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static String[] splitHostPort(String authority, String in) {
        String notHostPort = "URL address does not have the form \"host:port\": " + in;
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || close + 1 >= authority.length() || authority.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(notHostPort);
            }
            host = authority.substring(1, close);
            port = authority.substring(close + 2);
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon < 0 || authority.indexOf(':') != colon) {
                throw new IllegalArgumentException(notHostPort);
            }
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
        }
        if (!DIGITS.matcher(port).matches() || port.contains(":")) {
            throw new IllegalArgumentException("invalid port \":" + port + "\" after host: " + in);
        }
        return new String[] {host, port};
    }
}
