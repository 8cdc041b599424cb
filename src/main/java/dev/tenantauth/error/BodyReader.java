package dev.tenantauth.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Stream;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
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
 * then handed to RESTEasy Reactive, which reads the buffered body ({@code rc.body()}) instead of
 * the connection. Each refusal or client abort is one log line (no stack trace).
 *
 * <p><b>HTTP/2.</b> RESTEasy Reactive's request context calls {@code request.pause()} on every
 * request it takes, unconditionally (VertxResteasyReactiveRequestContext's constructor). HTTP/1
 * ignores that on a request that has ended; Vert.x' HTTP/2 request throws
 * {@code IllegalStateException: Request has already been read}, and every HTTP/2 body handed on
 * from the end handler answered 500 (Quarkus issue 34393; the fix, quarkusio/quarkus PR 56595,
 * "only pause and resume the request while it has not ended", is not released). So over HTTP/2
 * the request must reach RESTEasy <em>before</em> Vert.x delivers its end:
 * <ul>
 * <li>With {@code Content-Length} (what Java's HttpClient, browsers, curl and Vert.x' client send
 * for a body of known size, and the h2c upgrade request, which is an HTTP/1.1 request with a
 * length): the body is buffered exactly as over HTTP/1.1 (deadline, cap per address, 413), and
 * handed on from the data handler as soon as the declared number of bytes has arrived. The end
 * (END_STREAM) comes right after those bytes in the same DATA frame, but Vert.x queues it behind
 * them, so RESTEasy's pause() still finds the request open and holds the end back; nothing reads
 * the request after that. Netty refuses a stream whose DATA does not add up to its
 * {@code Content-Length} (PROTOCOL_ERROR), so "all declared bytes" is "the whole body"; a stream
 * that ends short of it anyway is answered 400 here.</li>
 * <li>Without {@code Content-Length}, the end of the body is only known when Vert.x delivers the
 * end, which is already too late for RESTEasy, and Vert.x offers no public way to look ahead.
 * Such a request that carries a body (the client has not ended its side of the stream when the
 * headers are routed: Netty's stream state, see {@link #clientEnded}) is refused with 411 Length
 * Required (RFC 9110 15.5.12) without reading it; one without a body (a bare POST) goes on at
 * once, before its end is delivered, as before. Streaming bodies of unknown length are not
 * something this API's clients send; HTTP/1.1 chunked bodies are still read as before.</li>
 * </ul>
 * A request with a body, or any request that reached RESTEasy after its end was delivered, would
 * otherwise be a 500; HTTP/2 cleartext stays on (quarkus.http.http2), and the slow-body defence
 * holds for HTTP/2 streams (SlowBodyIT).
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
            boolean http2 = req.version() == HttpVersion.HTTP_2;
            String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared = declaredLength(length);
            if (http2 && bodyMethod(req)) {
                if (req.isEnded()) {
                    // not seen: routing runs before Vert.x delivers an HTTP/2 end; RESTEasy would throw
                    refuse(rc, 400, "bad_request", "Bad Request", "The request could not be read; send it again.",
                            "HTTP/2 request ended before it was routed");
                    return;
                }
                if (declared == 0 || (declared < 0 && clientEnded(req) != Boolean.FALSE)) {
                    rc.next(); // no body follows (or, if Netty's state cannot be read, as before)
                    return;
                }
                if (declared < 0) {
                    refuse(rc, 411, "length_required", "Length Required",
                            "A request body over HTTP/2 needs a Content-Length header.", "HTTP/2 body without length");
                    return;
                }
            } else if (!hasBody(req) || req.isEnded()) {
                rc.next();
                return;
            }
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
                } else if (http2 && body.length() >= declared && done.compareAndSet(false, true)) {
                    // the whole body, before Vert.x delivers the end: RESTEasy can still pause it
                    vertx.cancelTimer(timer);
                    release(addr, inFlight);
                    rc.setBody(body);
                    rc.next();
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
                    if (http2) {
                        // ended short of its Content-Length (Netty refuses that first); RESTEasy cannot take it
                        refuse(rc, 400, "bad_request", "Bad Request",
                                "The request body is shorter than its Content-Length.", "HTTP/2 body short of its length");
                        return;
                    }
                    rc.setBody(body);
                    rc.next();
                }
            });
        });
    }

    private static boolean bodyMethod(HttpServerRequest req) {
        HttpMethod m = req.method();
        return m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH || m == HttpMethod.DELETE;
    }

    /** The declared {@code Content-Length}; -1 without one or for a malformed one (Vert.x and Netty refuse those). */
    private static long declaredLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(contentLength.strip());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * HTTP/2: whether the client has already ended its side of the stream (END_STREAM on the
     * HEADERS frame, so no body follows), from Netty's stream state, which Netty sets before Vert.x
     * routes the headers; null when it cannot be told (not a Vert.x HTTP/2 connection, no such
     * stream). Vert.x has no public API for it, hence its connection's Netty pipeline. For the h2c
     * upgrade request Netty opens stream 1 half closed while Vert.x still delivers its body; that
     * request is an HTTP/1.1 request with a Content-Length (or chunked: then it goes on unread as
     * before this check existed), so this is not asked for it.
     */
    static Boolean clientEnded(HttpServerRequest req) {
        try {
            if (req.connection() instanceof ConnectionBase conn) {
                Http2ConnectionHandler h2 = conn.channelHandlerContext().pipeline().get(Http2ConnectionHandler.class);
                Http2Stream stream = h2 == null ? null : h2.connection().stream(req.streamId());
                if (stream != null) {
                    return !stream.state().remoteSideOpen();
                }
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("HTTP/2 stream state unavailable: %s", e);
        }
        return null;
    }

    private static boolean hasBody(HttpServerRequest req) {
        if (!bodyMethod(req)) {
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
