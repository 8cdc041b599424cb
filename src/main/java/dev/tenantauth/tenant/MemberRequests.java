package dev.tenantauth.tenant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Bodies of the members admin endpoints. */
public final class MemberRequests {

    static final String ROLE = "^(owner|admin|member)$";

    public record Add(
            @NotNull @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String email,
            @NotNull @Pattern(regexp = ROLE, message = "must be owner, admin or member") String role) {}

    public record Change(@Pattern(regexp = ROLE, message = "must be owner, admin or member") String role, Boolean active) {}

    private MemberRequests() {}
}
