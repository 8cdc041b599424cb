package dev.tenantauth.invitation;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/tenants/{slug}/invitations. */
public record InvitationCreateRequest(
        @NotNull @Unambiguous(TextRules.Kind.EMAIL) @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String email,
        @NotNull @Pattern(regexp = Patterns.ROLE, message = "must be owner, admin or member") String role) {}
