package dev.tenantauth.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} are refused by Vert.x before JAX-RS (so
 * before {@link ErrorMapper}) with an empty 413. This route runs just before Quarkus' own limit
 * check and answers the same 413 as problem+json; a failure handler does the same for chunked
 * bodies that grow over the limit while they are read.
 */
@ApplicationScoped
public class BodyLimit {

    /** Just before RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT (-2), after the request id (-1000). */
    static final int ORDER = -3;

    private final ObjectMapper json;
    private final Optional<MemorySize> maxBodySize;

    BodyLimit(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        maxBodySize.ifPresent(max -> router.route().order(ORDER).handler(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && RawProblems.declaredOver(length, max.asLongValue())) {
                refuse(rc);
                return;
            }
            rc.next();
        }));
        router.route().order(ORDER).failureHandler(rc -> {
            if (rc.statusCode() == 413 && !rc.response().headWritten()) {
                refuse(rc);
                return;
            }
            rc.next();
        });
    }

    private void refuse(RoutingContext rc) {
        RawProblems.answerUnread(rc, json, Problem.of(413, "payload_too_large", "Payload Too Large",
                "The request body is larger than " + maxBodySize.map(MemorySize::asLongValue).orElse(0L) + " bytes."));
    }
}
