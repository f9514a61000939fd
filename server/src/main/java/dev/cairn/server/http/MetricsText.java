package dev.cairn.server.http;

import dev.cairn.server.config.ClusterIds;

/**
 * {@code GET /metrics}: a few gauges in the Prometheus text format (version 0.0.4), each computed
 * when scraped. Only values Cairn knows are reported; no counter is invented.
 *
 * <p>Stateless apart from the probe; thread-safe.
 */
final class MetricsText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MemberProbe probe;
    private final String serverVersion;

    MetricsText(MemberProbe probe, String serverVersion) {
        this.probe = probe;
        this.serverVersion = serverVersion;
    }

    /** The exposition text. */
    String render() {
        StringBuilder b = new StringBuilder(1024);
        gauge(b, "etcd_server_has_leader", "1 if this member knows a leader, else 0.", "", probe.hasLeader() ? 1 : 0);
        gauge(b, "etcd_server_is_leader", "1 if this member is the leader, else 0.", "", 1);
        gauge(
                b,
                "etcd_server_id",
                "The member ID, as a label; the value is always 1.",
                "{server_id=\"" + ClusterIds.hex(probe.memberId()) + "\"}",
                1);
        gauge(
                b,
                "etcd_server_version",
                "The server version, as a label; the value is always 1.",
                "{server_version=\"" + serverVersion + "\"}",
                1);
        gauge(b, "etcd_mvcc_current_revision", "The store's current revision.", "", probe.currentRevision());
        gauge(
                b,
                "etcd_mvcc_db_total_size_in_bytes",
                "Physical size of the database files in bytes.",
                "",
                probe.dbSizeBytes());
        gauge(
                b,
                "etcd_mvcc_db_total_size_in_use_in_bytes",
                "Estimated bytes of live data in the database.",
                "",
                probe.dbSizeInUseBytes());
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, String labels, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        b.append(name).append(labels).append(' ').append(value).append('\n');
    }
}
