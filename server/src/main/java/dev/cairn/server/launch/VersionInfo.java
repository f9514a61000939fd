package dev.cairn.server.launch;

import java.util.List;

/** The version lines of {@code --version} and start-up. Constants; thread-safe. */
final class VersionInfo {
    /** The etcd server version Cairn presents itself as. */
    static final String ETCD_VERSION = "3.6.14";

    /** The etcd cluster version (major.minor) whose capabilities a Cairn member enables. */
    static final String CLUSTER_VERSION = "3.6";

    /** Cairn's own version. */
    static final String CAIRN_VERSION = "0.1.0";

    private VersionInfo() {}

    /**
     * Lines shaped like etcd's {@code --version} output; the first line stays
     * {@code etcd Version: ...} because tooling parses it.
     */
    static List<String> lines() {
        return List.of(
                "etcd Version: " + ETCD_VERSION,
                "Cairn Version: " + CAIRN_VERSION,
                "Java Version: " + Runtime.version(),
                "Java OS/Arch: " + System.getProperty("os.name", "?").toLowerCase(java.util.Locale.ROOT) + "/"
                        + System.getProperty("os.arch", "?"));
    }
}
