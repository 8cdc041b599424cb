package dev.tenantauth.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem answers written straight to Vert.x, for the routes that refuse a request before JAX-RS
 * (and so before {@link ErrorMapper}) sees it: a body too large, too slow or one too many.
 */
final class RawProblems {

    /**
     * Answers {@code problem} to a request whose body will not be read: over HTTP/1.1 the
     * connection closes once the answer is out (as Quarkus' own limit does); over HTTP/2 only this
     * stream ends and the connection's other streams go on. Nothing when an answer already went.
     */
    static void answerUnread(RoutingContext rc, ObjectMapper json, Problem problem) {
        HttpServerRequest req = rc.request();
        if (rc.response().ended() || rc.response().closed() || rc.response().headWritten()) {
            return;
        }
        String body;
        boolean oauth = ErrorMapper.oauthEdge(req.path());
        try {
            body = oauth
                    ? json.writeValueAsString(java.util.Map.of("error", problem.status() == 429 ? "slow_down"
                            : "invalid_request", "error_description", problem.detail()))
                    : json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the OAuth endpoints answer RFC 6749 JSON for every error, these included
        rc.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, oauth ? "application/json" : Problem.MEDIA_TYPE);
        if (req.version() == HttpVersion.HTTP_2) {
            rc.response().end(body);
            return;
        }
        rc.response().putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> req.connection().close())
                .end(body);
    }

    /** A {@code Content-Length} over {@code max}; false for a malformed one (Vert.x refuses that itself). */
    static boolean declaredOver(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.strip()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private RawProblems() {}
}
