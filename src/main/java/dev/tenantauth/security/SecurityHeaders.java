package dev.tenantauth.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Response headers every answer carries: {@code X-Content-Type-Options: nosniff} and
 * {@code Referrer-Policy: no-referrer}; {@code Cache-Control: no-store} on every answer to a request
 * with credentials (an {@code Authorization} header), unless the endpoint chose its own;
 * {@code Strict-Transport-Security} when the request came over TLS, directly or through a proxy
 * whose forwarded scheme Quarkus trusts ({@code quarkus.http.proxy.*}), never over plain HTTP,
 * where browsers ignore it anyway and a loopback development setup must not be pinned to TLS.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String HSTS = "max-age=31536000; includeSubDomains";
    // names and values made once, as Netty AsciiStrings (HttpHeaders.createOptimized): no encoding
    // of the same strings on every answer
    private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("Referrer-Policy");
    private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence HSTS_NAME = HttpHeaders.createOptimized("Strict-Transport-Security");
    private static final CharSequence HSTS_VALUE = HttpHeaders.createOptimized(HSTS);

    void install(@Observes Router router) {
        router.route().order(-900).handler(rc -> {
            boolean credentials = rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
            boolean tls = "https".equalsIgnoreCase(rc.request().scheme());
            rc.addHeadersEndHandler(v -> {
                HttpServerResponse r = rc.response();
                r.putHeader(NOSNIFF_NAME, NOSNIFF);
                r.putHeader(REFERRER_NAME, NO_REFERRER);
                if (credentials && !r.headers().contains(HttpHeaders.CACHE_CONTROL)) {
                    r.putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
                }
                if (tls) {
                    r.putHeader(HSTS_NAME, HSTS_VALUE);
                }
            });
            rc.next();
        });
    }
}
