package dev.cairn.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * One HTTP answer before it is encoded. Immutable.
 *
 * @param status the status line
 * @param contentType the Content-Type header
 * @param body the UTF-8 body
 * @param headers extra headers (for example {@code Allow})
 */
record Reply(HttpResponseStatus status, String contentType, String body, Map<String, String> headers) {
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply text(HttpResponseStatus status, String body) {
        return new Reply(status, TEXT, body, Map.of());
    }

    static Reply json(HttpResponseStatus status, String body) {
        return new Reply(status, JSON, body, Map.of());
    }

    static Reply notFound() {
        return text(HttpResponseStatus.NOT_FOUND, "404 page not found\n");
    }

    static Reply methodNotAllowed(String allow) {
        return new Reply(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "Method Not Allowed\n", Map.of("Allow", allow));
    }
}
