package dev.tenantauth.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/auth/refresh and /v1/auth/logout. Its toString never prints the token. */
public record RefreshTokenRequest(@NotBlank @Size(max = 512) String refreshToken) {

    @Override
    public String toString() {
        return "RefreshTokenRequest[***]";
    }
}
