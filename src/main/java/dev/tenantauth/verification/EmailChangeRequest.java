package dev.tenantauth.verification;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/me/email; the new address is checked as at signup. */
public record EmailChangeRequest(
        @NotNull @Size(max = 1024) String currentPassword,
        @NotNull @Unambiguous(TextRules.Kind.EMAIL) @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String newEmail) {

    @Override
    public String toString() {
        return "EmailChangeRequest[***]";
    }
}
