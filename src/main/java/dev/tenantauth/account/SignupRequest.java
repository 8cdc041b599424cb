package dev.tenantauth.account;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import dev.tenantauth.tenant.NewTenantRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/signup; with {@code tenant}, the new user becomes its owner. */
public record SignupRequest(
        @NotNull @Unambiguous(TextRules.Kind.EMAIL) @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String email,
        @NotNull @Size(min = 8, max = 1024) @Pattern(regexp = Patterns.WELL_FORMED, message = Patterns.WELL_FORMED_MESSAGE)
                String password,
        @Valid NewTenantRequest tenant,
        @Size(max = 512) String invitation) {

    @Override
    public String toString() {
        return "SignupRequest[email=" + email + "]";
    }
}
