package dev.cairn.server.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes one HTTP/1.x request to etcd's endpoints: {@code /health}, {@code /livez[/check]},
 * {@code /readyz[/check]}, {@code /version}, {@code /metrics}. The gRPC gateway ({@code /v3/...})
 * answers 501; anything else 404. A HEAD request gets the GET answer without its body.
 *
 * <p>Immutable; thread-safe and shared by every connection of every listener.
 */
public final class HttpEndpoints {
    private static final String GET = "GET";

    private final HealthChecks health;
    private final MetricsText metrics;
    private final VersionReport versions;

    public HttpEndpoints(MemberProbe probe, VersionReport versions) {
        this.health = new HealthChecks(probe);
        this.metrics = new MetricsText(probe, versions.server());
        this.versions = versions;
    }

    /** The answer to {@code method uri}. */
    Reply answer(HttpMethod method, String uri) {
        QueryStringDecoder query = new QueryStringDecoder(uri);
        String path = query.path();
        boolean readOnly = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (path.equals("/v3") || path.startsWith("/v3/")) {
            return Reply.text(
                    HttpResponseStatus.NOT_IMPLEMENTED, "the gRPC gateway (/v3/...) is not implemented; use gRPC\n");
        }
        if (path.equals("/health")) {
            // exclude=<alarm> and serializable=true are accepted: there are no alarms, and every
            // read is local
            return readOnly ? health.health() : Reply.methodNotAllowed(GET);
        }
        if (path.equals("/version")) {
            return readOnly ? Reply.json(HttpResponseStatus.OK, versions.json()) : Reply.methodNotAllowed(GET);
        }
        if (path.equals("/metrics")) {
            return readOnly
                    ? new Reply(HttpResponseStatus.OK, MetricsText.CONTENT_TYPE, metrics.render(), Map.of())
                    : Reply.methodNotAllowed(GET);
        }
        for (String group : List.of("livez", "readyz")) {
            String base = "/" + group;
            if (path.equals(base) || path.startsWith(base + "/")) {
                if (!readOnly) {
                    return Reply.methodNotAllowed(GET);
                }
                String single = path.length() > base.length() ? path.substring(base.length() + 1) : "";
                return health.run(
                        group,
                        group.equals("livez") ? HealthChecks.LIVEZ : HealthChecks.READYZ,
                        single,
                        query.parameters().containsKey("verbose"),
                        excluded(query));
            }
        }
        return Reply.notFound();
    }

    private static Set<String> excluded(QueryStringDecoder query) {
        Set<String> names = new HashSet<>();
        for (String v : query.parameters().getOrDefault("exclude", List.of())) {
            names.add(v.trim());
        }
        return names;
    }
}
