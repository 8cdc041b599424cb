package dev.tenantauth.tenant;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/tenants/{slug}/members. */
public record MemberAddRequest(
        @NotNull @Unambiguous(TextRules.Kind.EMAIL) @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String email,
        @NotNull @Pattern(regexp = Patterns.ROLE, message = "must be owner, admin or member") String role) {}
