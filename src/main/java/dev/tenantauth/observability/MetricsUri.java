package dev.tenantauth.observability;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps the {@code uri} label of {@code http_server_requests} bounded. Quarkus labels a request
 * with its route template ({@code /v1/me/sessions/{id}}), NOT_FOUND for a 404, and otherwise with
 * the raw path: a 405 (a path that exists, with a method that does not) or an answer given before
 * routing (a body refused by error.BodyReader) carried the path with its ids, so a hundred
 * unauthenticated requests with random ids filled Micrometer's URI cap and later endpoints
 * vanished from the metric. Refusals without a template are labelled {@code /UNMATCHED} instead
 * (non-application routes such as /q/health keep their fixed paths).
 */
@ApplicationScoped
public class MetricsUri {

    /** The request-context local Quarkus' HTTP metrics read the template from (RESTEasy Reactive sets it). */
    static final String TEMPLATE_KEY = "UrlPathTemplate";
    static final String UNMATCHED = "UNMATCHED";

    @SuppressWarnings("deprecation") // Context locals: what quarkus-micrometer itself reads
    void install(@Observes Router router) {
        router.route().order(-950).handler(rc -> {
            Context request = Vertx.currentContext(); // the request's own (duplicated) context
            rc.addHeadersEndHandler(v -> {
                int status = rc.response().getStatusCode();
                if (request != null && status >= 400 && status != 404 && request.getLocal(TEMPLATE_KEY) == null) {
                    request.putLocal(TEMPLATE_KEY, UNMATCHED);
                }
            });
            rc.next();
        });
    }
}
