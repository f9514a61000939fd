package dev.cairn.bench.load;

import java.net.URI;

/**
 * One {@code --endpoints} entry: {@code host:port}, {@code http://host:port} or
 * {@code https://host:port} (the last asks for TLS).
 */
public record Endpoint(String host, int port, boolean https) {

    public static Endpoint parse(String text) {
        String t = text.trim();
        boolean https = false;
        if (t.startsWith("https://") || t.startsWith("http://")) {
            URI uri = URI.create(t);
            https = t.startsWith("https://");
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("endpoint " + text + " needs a host and a port");
            }
            return new Endpoint(uri.getHost(), uri.getPort(), https);
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("endpoint " + text + " is not host:port");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Endpoint(host, Integer.parseInt(t.substring(colon + 1)), https);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint " + text + " has a bad port", e);
        }
    }
}
