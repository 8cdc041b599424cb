package dev.tenantauth.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of POST /v1/auth/mfa: the mfa_token with either a TOTP code or a recovery code. Its
 * toString prints none of them.
 */
public record MfaLoginRequest(
        @NotNull @Size(min = 1, max = 128) String mfaToken,
        @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code,
        @Size(min = 1, max = 64) String recoveryCode) {

    @Override
    public String toString() {
        return "MfaLoginRequest[…]";
    }
}
