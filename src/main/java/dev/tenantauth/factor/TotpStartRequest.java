package dev.tenantauth.factor;

import dev.tenantauth.common.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/me/mfa/totp. Its toString never prints the password. */
public record TotpStartRequest(
        @NotNull @Size(min = 1, max = 1024) @Pattern(regexp = Patterns.WELL_FORMED, message = Patterns.WELL_FORMED_MESSAGE)
                String currentPassword) {

    @Override
    public String toString() {
        return "TotpStartRequest[…]";
    }
}
