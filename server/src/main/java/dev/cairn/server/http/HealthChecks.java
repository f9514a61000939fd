package dev.cairn.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /health}, {@code /livez} and {@code /readyz} with etcd 3.6's response shapes. The
 * alarm, leader and learner checks always pass (no alarms, no raft yet); the read checks do a
 * local read through {@link MemberProbe#read()}. A linearizable read is a local read too: a single
 * member's applied state is the committed state.
 *
 * <p>Stateless apart from the probe; thread-safe.
 */
final class HealthChecks {
    /** The checks of {@code /livez}, in etcd's order. */
    static final List<String> LIVEZ = List.of("serializable_read");

    /** The checks of {@code /readyz}, in etcd's order. */
    static final List<String> READYZ =
            List.of("data_corruption", "serializable_read", "linearizable_read", "non_learner");

    private final MemberProbe probe;

    HealthChecks(MemberProbe probe) {
        this.probe = probe;
    }

    /** {@code GET /health}: 200 or 503 with etcd's JSON. {@code exclude} and {@code serializable} are accepted. */
    Reply health() {
        if (!probe.hasLeader()) {
            return healthJson(false, "RAFT NO LEADER");
        }
        String failure = readFailure();
        if (failure != null) {
            return healthJson(false, "RANGE ERROR:" + failure);
        }
        return healthJson(true, "");
    }

    private static Reply healthJson(boolean ok, String reason) {
        String body = "{\"health\":\"" + ok + "\",\"reason\":\"" + jsonEscape(reason) + "\"}";
        return Reply.json(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    /**
     * {@code /livez} or {@code /readyz}, all checks or one ({@code single} non-null), skipping
     * {@code excluded} names; {@code verbose} lists every check.
     *
     * @param group "livez" or "readyz"
     * @param single one check's name, or empty for all; an unknown name gets 404
     */
    Reply run(String group, List<String> checks, String single, boolean verbose, Set<String> excluded) {
        List<String> selected = checks;
        if (!single.isEmpty()) {
            if (!checks.contains(single)) {
                return Reply.notFound();
            }
            selected = List.of(single);
        }
        StringBuilder lines = new StringBuilder();
        List<String> failed = new ArrayList<>();
        for (String name : selected) {
            if (single.isEmpty() && excluded.contains(name)) {
                lines.append("[+]").append(name).append(" excluded: ok\n");
                continue;
            }
            String failure = check(name);
            if (failure == null) {
                lines.append("[+]").append(name).append(" ok\n");
            } else {
                failed.add(name);
                lines.append("[-]")
                        .append(name)
                        .append(" failed: ")
                        .append(failure)
                        .append('\n');
            }
        }
        if (!failed.isEmpty()) {
            return Reply.text(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    lines + group + " check failed: " + String.join(",", failed) + "\n");
        }
        return Reply.text(HttpResponseStatus.OK, verbose ? lines + "ok\n" : "ok\n");
    }

    /** The failure reason of one check, or null when it passes. */
    private @Nullable String check(String name) {
        return switch (name) {
            case "serializable_read", "linearizable_read" -> readFailure();
            case "non_learner", "data_corruption" -> null;
            default -> "unknown check";
        };
    }

    private @Nullable String readFailure() {
        try {
            probe.read();
            return null;
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
