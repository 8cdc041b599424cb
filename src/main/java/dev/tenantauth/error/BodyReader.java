package dev.tenantauth.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads every request body to its end on the event loop, before any worker thread is taken.
 * Without it a body is read by the blocking worker that runs the endpoint: a few hundred
 * connections that send headers and half a JSON body, then stall, held every worker for the read
 * timeout (60 s), and login, {@code /v1/me} and readiness stopped answering.
 *
 * <p>A body must arrive completely within {@code tenant-auth.http.body-deadline} (408 otherwise,
 * and the connection is closed); at most {@code tenant-auth.http.max-unfinished-per-address}
 * bodies of one client address may be in flight at once (429 beyond); a body that grows past
 * {@code quarkus.http.limits.max-body-size} is refused with 413 as it grows. The whole body is
 * then handed to RESTEasy Reactive, which reads the buffered body instead of the connection.
 * Each refusal or client abort is one log line (no stack trace).
 */
@ApplicationScoped
public class BodyReader {

    private static final Logger LOG = Logger.getLogger(BodyReader.class);
    /** After the request id (-1000) and the security headers (-900), before the size check (-3). */
    static final int ORDER = -800;

    private final ObjectMapper json;
    private final long maxBody;
    private final long deadlineMillis;
    private final int maxPerAddress;
    private final Map<String, AtomicInteger> unfinished = new ConcurrentHashMap<>();

    BodyReader(ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            @ConfigProperty(name = "tenant-auth.http.body-deadline", defaultValue = "5s") java.time.Duration deadline,
            @ConfigProperty(name = "tenant-auth.http.max-unfinished-per-address", defaultValue = "16") int maxPerAddress) {
        this.json = json;
        this.maxBody = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.deadlineMillis = Math.max(1, deadline.toMillis());
        this.maxPerAddress = Math.max(1, maxPerAddress);
    }

    void install(@Observes Router router, Vertx vertx) {
        router.route().order(ORDER).handler(rc -> {
            HttpServerRequest req = rc.request();
            if (!hasBody(req) || req.isEnded()) {
                rc.next();
                return;
            }
            String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && RawProblems.declaredOver(length, maxBody)) {
                rc.next(); // BodyLimit answers 413 without reading it
                return;
            }
            String addr = req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
            AtomicInteger inFlight = unfinished.computeIfAbsent(addr, a -> new AtomicInteger());
            if (inFlight.incrementAndGet() > maxPerAddress) {
                release(addr, inFlight);
                refuse(rc, 429, "rate_limited", "Too many requests",
                        "Too many unfinished request bodies from this address.", "too many unfinished bodies");
                return;
            }
            AtomicBoolean done = new AtomicBoolean();
            Buffer body = Buffer.buffer();
            long timer = vertx.setTimer(deadlineMillis, t -> {
                if (done.compareAndSet(false, true)) {
                    release(addr, inFlight);
                    refuse(rc, 408, "request_timeout", "Request Timeout",
                            "The request body did not arrive within " + deadlineMillis + " ms.", "body deadline passed");
                }
            });
            req.handler(chunk -> {
                if (done.get()) {
                    return;
                }
                body.appendBuffer(chunk);
                if (body.length() > maxBody && done.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    release(addr, inFlight);
                    refuse(rc, 413, "payload_too_large", "Payload Too Large",
                            "The request body is larger than " + maxBody + " bytes.", "body too large");
                }
            });
            req.exceptionHandler(e -> {
                if (done.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    release(addr, inFlight);
                    LOG.infof("Request body aborted by the client: %s %s from %s (%s)", req.method(), req.path(), addr,
                            e.getClass().getSimpleName());
                }
            });
            req.endHandler(v -> {
                if (done.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    release(addr, inFlight);
                    rc.setBody(body);
                    rc.next();
                }
            });
        });
    }

    private static boolean hasBody(HttpServerRequest req) {
        HttpMethod m = req.method();
        if (m != HttpMethod.POST && m != HttpMethod.PUT && m != HttpMethod.PATCH && m != HttpMethod.DELETE) {
            return false;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.strip().equals("0")) || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private void release(String addr, AtomicInteger inFlight) {
        if (inFlight.decrementAndGet() <= 0) {
            unfinished.remove(addr, inFlight);
        }
    }

    /** One log line, then the problem answer ({@link RawProblems#answerUnread}). */
    private void refuse(RoutingContext rc, int status, String code, String title, String detail, String why) {
        HttpServerRequest req = rc.request();
        LOG.infof("Request refused before its body was complete: %s %s from %s: %s (%d)", req.method(), req.path(),
                req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress(), why, status);
        RawProblems.answerUnread(rc, json, Problem.of(status, code, title, detail));
    }
}
