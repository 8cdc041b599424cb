package dev.tenantauth.error;

/**
 * A refusal at the OAuth edge (token, revocation, introspection): rendered by the error mapper as
 * RFC 6749 §5.2 JSON {@code {"error","error_description"}}, never as problem+json. {@code basic}
 * marks a failed {@code client_secret_basic} authentication, answered 401 with
 * {@code WWW-Authenticate: Basic} (RFC 6749 §5.2, invalid_client).
 */
public class OAuthError extends RuntimeException {

    private final int status;
    private final String error;
    private final boolean basic;

    public OAuthError(int status, String error, String description, boolean basic) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.basic = basic;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public boolean basic() {
        return basic;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description, false);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description, false);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError(400, "invalid_scope", description, false);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError(400, "unauthorized_client", description, false);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError(400, "unsupported_grant_type", description, false);
    }

    public static OAuthError unsupportedTokenType(String description) {
        return new OAuthError(400, "unsupported_token_type", description, false);
    }

    /** 401 invalid_client; with {@code WWW-Authenticate: Basic} when the client tried Basic. */
    public static OAuthError invalidClient(String description, boolean basic) {
        return new OAuthError(401, "invalid_client", description, basic);
    }
}
