package dev.tenantauth.auth;

/** RFC 6749 section 5.1 token response, plus the tenant and role it is for. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
        long refreshExpiresIn, String tenant, String role) {

    @Override
    public String toString() {
        return "TokenResponse[tenant=" + tenant + ", role=" + role + "]";
    }
}
