package dev.tenantauth.observability;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, else a
 * new random (version 4) UUID. It is put in the logging MDC ({@code request_id}, on every log line
 * of the request) and echoed in the response. The id only correlates log lines and answers, it
 * guards nothing, so its bits come from ThreadLocalRandom rather than UUID.randomUUID()'s shared
 * SecureRandom (a lock and a /dev/urandom read per request, on the event loop).
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void install(@Observes Router router) {
        router.route().order(-1000).handler(rc -> {
            String given = rc.request().getHeader(HEADER);
            String id = given != null && SANE.matcher(given).matches() ? given : newId();
            MDC.put("request_id", id);
            rc.response().putHeader(HEADER, id);
            rc.next();
        });
    }

    /** A version 4 (random), variant 2 UUID, as UUID.randomUUID() makes, from ThreadLocalRandom. */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
