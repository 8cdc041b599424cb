package dev.tenantauth.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * RFC 6749 section 5.1 token response, plus the tenant and role it is for; {@code recovery_codes}
 * only when the answer finished an MFA enrollment (shown that once).
 */
@RegisterForReflection // for Jackson in a native image: returned inside a Response (Cache-Control: no-store)
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
        long refreshExpiresIn, String tenant, String role,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> recoveryCodes) {

    public TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
            long refreshExpiresIn, String tenant, String role) {
        this(accessToken, tokenType, expiresIn, refreshToken, refreshExpiresIn, tenant, role, null);
    }

    @Override
    public String toString() {
        return "TokenResponse[tenant=" + tenant + ", role=" + role + "]";
    }
}
