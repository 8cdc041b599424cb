package dev.tenantauth.tenant;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/tenants, and the optional {@code tenant} of signup. */
@RegisterForReflection // for Jackson in a native image: nested in the signup body
public record NewTenantRequest(
        @NotNull @Unambiguous(TextRules.Kind.SLUG) @Pattern(regexp = Patterns.SLUG, message = "must match " + Patterns.SLUG) String slug,
        @NotNull @Unambiguous(TextRules.Kind.NAME) @Size(min = 1, max = 200) @Pattern(regexp = Patterns.PRINTABLE, message = "must be printable text")
                String name) {}
