package dev.cairn.server.launch;

import java.security.Security;

/**
 * Makes the JVM look host names up afresh every time, as Go (and so etcd) does. By default the JDK
 * keeps a failed lookup for 10 s ({@value #NEGATIVE} in {@code java.security}) and a successful one
 * for 30 s ({@value #POSITIVE}). For a member that is one of several containers or pods, both hurt:
 * a member that starts before a peer's name exists (compose creates containers one by one) cannot
 * reach that peer for up to 10 s after the name appears, and a peer that comes back at a new
 * address (a recreated container, a rescheduled pod) is dialled at its old one for up to 30 s. With
 * one direction of a peer link down, losing any other member can leave the cluster without a
 * quorum for that long.
 *
 * <p>Cairn looks names up only when it opens connections (its listeners at start-up, a peer or
 * proxy channel when it connects or reconnects), so lookups without a cache cost nothing per
 * request. An operator who wants caching says so with the JDK's system properties {@code
 * sun.net.inetaddr.ttl} and {@code sun.net.inetaddr.negative.ttl} (seconds), which win.
 *
 * <p>Not thread-safe: {@link Main} calls {@link #configure} once on the main thread, before the
 * first lookup (the JDK reads these properties once, on first use).
 */
final class DnsCaching {
    /** The security property for how long a successful lookup is kept, in seconds. */
    static final String POSITIVE = "networkaddress.cache.ttl";
    /** The security property for how long a failed lookup is kept, in seconds. */
    static final String NEGATIVE = "networkaddress.cache.negative.ttl";

    private DnsCaching() {}

    /** Sets both cache lifetimes to 0, or to the operator's {@code sun.net.inetaddr.*} values. */
    static void configure() {
        Security.setProperty(POSITIVE, lifetime("sun.net.inetaddr.ttl"));
        Security.setProperty(NEGATIVE, lifetime("sun.net.inetaddr.negative.ttl"));
    }

    private static String lifetime(String systemProperty) {
        String given = System.getProperty(systemProperty);
        return given == null || given.isBlank() ? "0" : given.strip();
    }
}
