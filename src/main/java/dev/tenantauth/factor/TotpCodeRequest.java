package dev.tenantauth.factor;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of POST /v1/me/mfa/totp/confirm and /v1/me/mfa/recovery-codes: a TOTP code. */
public record TotpCodeRequest(@NotNull @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code) {

    @Override
    public String toString() {
        return "TotpCodeRequest[…]";
    }
}
