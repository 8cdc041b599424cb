package dev.tenantauth.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns exceptions into RFC 9457 problem responses. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    /** The RFC 6750 challenge of every 401, from the mapper and from the bearer mechanism alike. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"tenant-auth\", error=\"invalid_token\"";

    /** The OAuth endpoints that answer RFC 6749 §5.2 JSON for every error, never problem+json. */
    static boolean oauthEdge(UriInfo uri) {
        return oauthEdge(uri == null ? "" : uri.getPath());
    }

    static boolean oauthEdge(String path) {
        return path != null && (path.startsWith("/oauth2/token") || path.startsWith("/oauth2/revoke")
                || path.startsWith("/oauth2/introspect"));
    }

    @ServerExceptionMapper
    public Response oauth(OAuthError e) {
        return oauth(e.status(), e.error(), e.getMessage(), e.basic());
    }

    static Response oauth(int status, String error, String description, boolean basic) {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        Response.ResponseBuilder r = Response.status(status).type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                .entity(body).header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
        if (status == 401) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, basic ? "Basic realm=\"tenant-auth\"" : BEARER_CHALLENGE);
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        if (oauthEdge(uri)) {
            Response r = oauth(e.status() >= 500 ? 503 : e.status(),
                    e.status() == 429 ? "slow_down" : e.status() >= 500 ? "temporarily_unavailable" : "invalid_request",
                    e.getMessage(), false);
            if (e.retryAfter() != null) {
                return Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()))
                        .build();
            }
            return r;
        }
        return problem(e);
    }

    public Response problem(ProblemException e) {
        Response.ResponseBuilder r = build(e.toProblem());
        if (e.status() == 401) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        if (e.retryAfter() != null) {
            r.header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()));
        }
        return r.build();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e) {
        if (sqlCause(e) != null) {
            return unexpected(e); // the per-request check could not reach the database: 503, not 401
        }
        String detail = e.getMessage() != null && e instanceof AuthenticationFailedException
                ? e.getMessage()
                : "A valid bearer access token is required.";
        return problem(ProblemException.invalidToken(detail));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(ProblemException.forbidden("Your role in this tenant does not allow this."));
    }

    @ServerExceptionMapper({ResteasyReactiveViolationException.class, ConstraintViolationException.class})
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .distinct()
                .toList();
        Problem p = new Problem("urn:tenant-auth:problem:validation_failed", "Validation failed", 400,
                errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")),
                "validation_failed", errors);
        return build(p).build();
    }

    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class,
        UnrecognizedPropertyException.class, InvalidFormatException.class})
    public Response unreadable(JsonProcessingException e) {
        // not JSON at all, or a key given twice (STRICT_DUPLICATE_DETECTION), even when Jackson
        // wraps it in a mapping exception for the field it was reading
        boolean syntax = e instanceof StreamReadException || e.getCause() instanceof StreamReadException;
        if (!syntax && e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String message = e instanceof UnrecognizedPropertyException ? "unknown field" : "wrong type or format";
            Problem p = new Problem("urn:tenant-auth:problem:validation_failed", "Validation failed", 400,
                    field + ": " + message, "validation_failed", List.of(new Problem.FieldError(field, message)));
            return build(p).build();
        }
        return build(Problem.of(400, "malformed_json", "Malformed JSON", "The request body is not valid JSON."))
                .build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int webStatus = e.getResponse().getStatus();
        if (oauthEdge(uri) && webStatus < 500) {
            Response r = oauth(webStatus == 401 ? 400 : webStatus, "invalid_request",
                    "The request is not a valid form-encoded OAuth request (" + webStatus + ").", false);
            if (webStatus == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
                return Response.fromResponse(r).header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW))
                        .build();
            }
            return r;
        }
        return web(e);
    }

    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String code = switch (status) {
            case 401 -> "invalid_token";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "bad_request";
        };
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Bad request";
        Response.ResponseBuilder r = build(Problem.of(status, code, title, title + "."));
        if (status == 401) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            r.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (malformedForm(e)) {
            return oauthEdge(uri)
                    ? oauth(400, "invalid_request", "The form body is not valid application/x-www-form-urlencoded.", false)
                    : build(ProblemException.badRequest("The form body is not valid application/x-www-form-urlencoded.")
                            .toProblem()).build();
        }
        Response r = unexpected(e);
        if (!oauthEdge(uri)) {
            return r;
        }
        int status = r.getStatus();
        Response o = oauth(status, status == 503 ? "temporarily_unavailable" : status >= 500 ? "server_error"
                : "invalid_request", status == 503 ? "The database is unreachable or busy; retry shortly." : null, false);
        return r.getHeaderString(HttpHeaders.RETRY_AFTER) == null ? o
                : Response.fromResponse(o).header(HttpHeaders.RETRY_AFTER, r.getHeaderString(HttpHeaders.RETRY_AFTER)).build();
    }

    /** A form body with a broken percent-escape: RESTEasy's form reader hands URLDecoder's refusal on. */
    private static boolean malformedForm(Throwable e) {
        if (!(e instanceof IllegalArgumentException)) {
            return false;
        }
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().endsWith("FormUrlEncodedProvider")) {
                return true;
            }
        }
        return false;
    }

    public Response unexpected(Throwable e) {
        SQLException sql = sqlCause(e);
        if (sql != null && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (state.equals("23505")) {
                return build(ProblemException.conflict("That already exists.").toProblem()).build();
            }
            if (state.startsWith("22")) {
                // data exception (a NUL byte, a value out of range): the input's fault, and nothing was written
                return build(ProblemException.badRequest("The request holds a value the database cannot store.")
                                .toProblem())
                        .build();
            }
            if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57") || state.equals("55P03")) {
                LOG.warnf("Database unavailable or contended (SQLState %s)", state);
                return unavailable();
            }
        }
        if (sql != null && sql.getSQLState() == null) {
            // Agroal's acquisition timeout and lost connections carry no SQLState
            LOG.warnf("Database unavailable: %s", sql.getClass().getSimpleName());
            return unavailable();
        }
        LOG.error("Unexpected error", e);
        return build(Problem.of(500, "internal_error", "Internal error", "Something went wrong on our side."))
                .build();
    }

    private static Response unavailable() {
        return build(Problem.of(503, "unavailable", "Service unavailable",
                        "The database is unreachable or busy; retry shortly."))
                .header(HttpHeaders.RETRY_AFTER, 1)
                .build();
    }

    /**
     * The SQLException behind {@code e}, along the cause chain and the suppressed exceptions: when a
     * connection dies during COMMIT, Narayana throws a RollbackException whose driver error (SQLState
     * 08006) is only attached as a suppressed XAException.
     */
    private static SQLException sqlCause(Throwable e) {
        return sqlCause(e, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static SQLException sqlCause(Throwable e, Set<Throwable> seen) {
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                SQLException found = sqlCause(suppressed, seen);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String field(ConstraintViolation<?> v) {
        // method parameter paths read "login.body.email": keep what follows the parameter
        String last = null;
        StringBuilder field = new StringBuilder();
        int i = 0;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                last = node.getName();
                field.setLength(0);
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
            i++;
        }
        return snake(i == 0 && last != null ? last : field.toString());
    }

    /** Java property names to the snake_case used on the wire. */
    static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Response.ResponseBuilder build(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
    }
}
