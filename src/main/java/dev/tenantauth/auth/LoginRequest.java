package dev.tenantauth.auth;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/auth/login. Its toString never prints the password or the email. */
public record LoginRequest(
        @NotNull @Unambiguous(TextRules.Kind.EMAIL) @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String email,
        @NotNull @Size(min = 1, max = 1024) @Pattern(regexp = Patterns.WELL_FORMED, message = Patterns.WELL_FORMED_MESSAGE)
                String password,
        @NotNull @Unambiguous(TextRules.Kind.SLUG) @Pattern(regexp = Patterns.SLUG, message = "must match " + Patterns.SLUG) String tenant) {

    @Override
    public String toString() {
        return "LoginRequest[tenant=" + tenant + "]";
    }
}
