package dev.tenantauth.auth;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** RFC 6749 section 5.1 token response, plus the tenant and role it is for. */
@RegisterForReflection // for Jackson in a native image: returned inside a Response (Cache-Control: no-store)
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
        long refreshExpiresIn, String tenant, String role) {

    @Override
    public String toString() {
        return "TokenResponse[tenant=" + tenant + ", role=" + role + "]";
    }
}
