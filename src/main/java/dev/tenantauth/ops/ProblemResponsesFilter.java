package dev.tenantauth.ops;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Adds the contract's problem responses (RFC 9457, {@code application/problem+json}) to the
 * generated OpenAPI document: every operation may answer 400 and 503; bearer endpoints 401 and
 * 403; login 401 and 429; refresh 401; endpoints that create or address things 404 and 409.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> e : openAPI.getPaths().getPathItems().entrySet()) {
            String path = e.getKey();
            if (path.startsWith("/q/") || path.startsWith("/oauth2/")) {
                continue; // the OAuth endpoints answer RFC 6749 JSON or HTML pages, never problem+json
            }
            for (Operation op : e.getValue().getOperations().values()) {
                add(op, "400", "Invalid input (validation_failed, malformed_json, …)");
                add(op, "503", "Database unreachable or busy (unavailable); retry");
                boolean publicPath = path.startsWith("/.well-known") || path.equals("/v1/signup")
                        || path.equals("/v1/auth/login") || path.equals("/v1/auth/refresh") || path.equals("/v1/auth/logout")
                        || path.startsWith("/v1/admin") || path.startsWith("/v1/auth/mfa")
                        || path.startsWith("/v1/password-reset") || path.equals("/v1/email-verification/confirm");
                if (!publicPath || path.startsWith("/v1/admin")) {
                    add(op, "401", "Missing, invalid or revoked token (invalid_token)");
                }
                if (!publicPath) {
                    add(op, "403", "Role or tenant does not allow it (forbidden)");
                }
                switch (path) {
                    case "/v1/auth/login" -> {
                        add(op, "401", "Invalid credentials (invalid_credentials), or a second factor is needed"
                                + " (mfa_required, mfa_enrollment_required: with mfa_token and methods)");
                        add(op, "429", "Too many failed logins (rate_limited), with Retry-After");
                    }
                    case "/v1/auth/mfa" -> {
                        add(op, "401", "Wrong or used code (invalid_credentials), dead mfa_token (invalid_token)");
                        add(op, "409", "An enrollment token, but no secret requested yet (conflict)");
                        add(op, "429", "Too many failed logins for this email (rate_limited), with Retry-After");
                    }
                    case "/v1/auth/mfa/enroll" -> {
                        add(op, "401", "Unknown, used, expired or not an enrollment mfa_token (invalid_token)");
                        add(op, "409", "TOTP is already on (conflict)");
                    }
                    case "/v1/me/mfa/totp", "/v1/me/mfa/totp/confirm", "/v1/me/mfa/recovery-codes" -> {
                        add(op, "409", "TOTP already on, or not on, or nothing pending (conflict)");
                        add(op, "429", "Too many failed passwords or codes (rate_limited)");
                    }
                    case "/v1/auth/refresh" -> add(op, "401", "Unknown, expired or reused refresh token (invalid_token, token_reused)");
                    case "/v1/signup", "/v1/tenants" -> add(op, "409", "Email or slug taken (conflict)");
                    case "/v1/password-reset", "/v1/me/email-verification" ->
                            add(op, "429", "Too many requests for this email or address (rate_limited), with Retry-After");
                    case "/v1/password-reset/confirm" -> {
                        add(op, "400", "Unknown, used, replaced or expired token (invalid_token), or invalid input");
                        add(op, "429", "Too many confirmations from this address (rate_limited)");
                    }
                    case "/v1/email-verification/confirm" -> {
                        add(op, "400", "Unknown, used, replaced or expired token (invalid_token), or invalid input");
                        add(op, "409", "The new address belongs to another account by now (conflict)");
                        add(op, "429", "Too many confirmations from this address (rate_limited)");
                    }
                    case "/v1/me/email" -> {
                        add(op, "409", "The address is the caller's own or taken (conflict)");
                        add(op, "429", "Too many requests or failed passwords (rate_limited)");
                    }
                    default -> {
                        if (path.contains("{")) {
                            add(op, "404", "No such resource (not_found)");
                        }
                        if (path.contains("/members") || path.contains("/invitations")) {
                            add(op, "409", "Conflicts with the current state (conflict), e.g. the last owner");
                        }
                    }
                }
            }
        }
    }

    private static void add(Operation op, String status, String description) {
        if (op.getResponses() != null && op.getResponses().hasAPIResponse(status)) {
            return;
        }
        op.getResponses().addAPIResponse(status, OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)))));
    }

    private static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details with a stable machine-readable code")
                .required(List.of("type", "title", "status", "code"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError));
    }
}
