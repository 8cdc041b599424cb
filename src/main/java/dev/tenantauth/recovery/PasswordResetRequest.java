package dev.tenantauth.recovery;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/password-reset; the address is checked as at signup. */
public record PasswordResetRequest(
        @NotNull @Unambiguous(TextRules.Kind.EMAIL) @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String email) {

    @Override
    public String toString() {
        return "PasswordResetRequest[***]";
    }
}
