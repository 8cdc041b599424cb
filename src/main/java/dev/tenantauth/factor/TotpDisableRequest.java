package dev.tenantauth.factor;

import dev.tenantauth.common.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of DELETE /v1/me/mfa/totp: the password and a TOTP code or a recovery code. */
public record TotpDisableRequest(
        @NotNull @Size(min = 1, max = 1024) @Pattern(regexp = Patterns.WELL_FORMED, message = Patterns.WELL_FORMED_MESSAGE)
                String currentPassword,
        @NotNull @Size(min = 6, max = 64) String code) {

    @Override
    public String toString() {
        return "TotpDisableRequest[…]";
    }
}
