package dev.tenantauth.tenant;

import dev.tenantauth.common.Patterns;
import jakarta.validation.constraints.Pattern;

/** Body of PATCH /v1/tenants/{slug}/members/{userId}: what is absent stays as it is. */
public record MemberChangeRequest(
        @Pattern(regexp = Patterns.ROLE, message = "must be owner, admin or member") String role, Boolean active) {}
