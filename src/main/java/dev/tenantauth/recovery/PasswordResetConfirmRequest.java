package dev.tenantauth.recovery;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/password-reset/confirm. Any token string is hashed: garbage is unknown (400 invalid_token). */
public record PasswordResetConfirmRequest(@NotNull String token, @NotNull @Size(min = 8, max = 1024) String newPassword) {

    @Override
    public String toString() {
        return "PasswordResetConfirmRequest[***]";
    }
}
