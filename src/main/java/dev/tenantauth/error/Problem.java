package dev.tenantauth.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** An RFC 9457 problem document, with the contract's stable {@code code}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // for Jackson in a native image: returned inside a Response by the error mapper
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors,
        String mfaToken, List<String> methods) {

    /** Without extension members: every problem but the MFA challenges. */
    public Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {
        this(type, title, status, detail, code, errors, null, null);
    }

    @Override
    public String toString() { // never the mfa_token
        return "Problem[status=" + status + ", code=" + code + "]";
    }

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request body or query. */
    @RegisterForReflection
    public record FieldError(String field, String message) {}

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem("urn:tenant-auth:problem:" + code, title, status, detail, code, null);
    }
}
