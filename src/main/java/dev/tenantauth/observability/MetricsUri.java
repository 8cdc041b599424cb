package dev.tenantauth.observability;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps the {@code uri} label of {@code http_server_requests} bounded. Quarkus labels a request
 * with its route template ({@code /v1/me/sessions/{id}}), NOT_FOUND for a 404, and otherwise with
 * the raw path: a 405 (a path that exists, with a method that does not) or an answer given before
 * routing (a body refused by error.BodyReader) carried the path with its ids, so a hundred
 * unauthenticated requests with random ids filled Micrometer's URI cap and later endpoints
 * vanished from the metric. Answers without a template are labelled {@value #UNMATCHED} instead.
 */
@ApplicationScoped
public class MetricsUri {

    /** The routing-context key Quarkus' HTTP metrics read the template from. */
    static final String TEMPLATE_KEY = "UrlPathTemplate";
    static final String UNMATCHED = "UNMATCHED";

    void install(@Observes Router router) {
        router.route().order(-950).handler(rc -> {
            rc.addHeadersEndHandler(v -> {
                if (rc.get(TEMPLATE_KEY) == null && rc.response().getStatusCode() != 404) {
                    rc.put(TEMPLATE_KEY, UNMATCHED);
                }
            });
            rc.next();
        });
    }
}
