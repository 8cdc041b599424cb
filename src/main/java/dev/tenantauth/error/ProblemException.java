package dev.tenantauth.error;

import java.time.Duration;

/** Thrown by services for any answer that is not a success; the error mapper renders it. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final Duration retryAfter;
    private final java.util.List<Problem.FieldError> errors;
    private final String mfaToken;
    private final java.util.List<String> methods;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, null);
    }

    public ProblemException(int status, String code, String title, String detail, Duration retryAfter) {
        this(status, code, title, detail, retryAfter, null);
    }

    private ProblemException(int status, String code, String title, String detail, Duration retryAfter,
            java.util.List<Problem.FieldError> errors) {
        this(status, code, title, detail, retryAfter, errors, null, null);
    }

    private ProblemException(int status, String code, String title, String detail, Duration retryAfter,
            java.util.List<Problem.FieldError> errors, String mfaToken, java.util.List<String> methods) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.retryAfter = retryAfter;
        this.errors = errors;
        this.mfaToken = mfaToken;
        this.methods = methods;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Problem toProblem() {
        return new Problem("urn:tenant-auth:problem:" + code, title, status, getMessage(), code, errors, mfaToken,
                methods);
    }

    /**
     * 401 {@code mfa_required}: the password was right, a second factor is needed; {@code mfaToken}
     * (extension member {@code mfa_token}) finishes it at POST /v1/auth/mfa.
     */
    public static ProblemException mfaRequired(String mfaToken) {
        return new ProblemException(401, "mfa_required", "Second factor required",
                "Send a TOTP code or a recovery code with this mfa_token to POST /v1/auth/mfa.", null, null, mfaToken,
                java.util.List.of("totp", "recovery_code"));
    }

    /** 401 {@code mfa_enrollment_required}: the tenant requires a second factor and the user has none yet. */
    public static ProblemException mfaEnrollmentRequired(String mfaToken) {
        return new ProblemException(401, "mfa_enrollment_required", "Second factor enrollment required",
                "This tenant requires a second factor: get a TOTP secret at POST /v1/auth/mfa/enroll with this"
                        + " mfa_token, then send its first code to POST /v1/auth/mfa.", null, null, mfaToken,
                java.util.List.of("totp"));
    }

    /** 400 {@code validation_failed} for one field (a query parameter, a cursor, …). */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "validation_failed", "Validation failed", field + ": " + message, null,
                java.util.List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException invalidCredentials() {
        return new ProblemException(401, "invalid_credentials", "Invalid credentials",
                "The email, password or tenant is not right.");
    }

    public static ProblemException invalidToken(String detail) {
        return new ProblemException(401, "invalid_token", "Invalid token", detail);
    }

    /** 400 {@code invalid_token}: a mailed token (verification, reset) that is unknown, used, voided or expired. */
    public static ProblemException invalidMailToken() {
        return new ProblemException(400, "invalid_token", "Invalid token",
                "The token is unknown, already used, replaced by a newer one, or expired.");
    }

    /** 403 {@code email_unverified}: the tenant requires a verified address and this one is not. */
    public static ProblemException emailUnverified() {
        return new ProblemException(403, "email_unverified", "Email not verified",
                "This tenant requires a verified email address; confirm yours first (POST /v1/me/email-verification).");
    }

    public static ProblemException emailUnverified(String detail) {
        return new ProblemException(403, "email_unverified", "Email not verified", detail);
    }

    public static ProblemException tokenReused() {
        return new ProblemException(401, "token_reused", "Refresh token reused",
                "This refresh token was already used; its session is revoked. Log in again.");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not_found", "Not found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad_request", "Bad request", detail);
    }

    /** 503 {@code unavailable}: the service is busy or its database unreachable; retry after a while. */
    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(503, "unavailable", "Service unavailable", detail, retryAfter);
    }

    public static ProblemException rateLimited(Duration retryAfter) {
        return new ProblemException(429, "rate_limited", "Too many failed logins",
                "Too many failed logins; try again later.", retryAfter);
    }

    public static ProblemException rateLimited(String detail, Duration retryAfter) {
        return new ProblemException(429, "rate_limited", "Too many requests", detail, retryAfter);
    }
}
