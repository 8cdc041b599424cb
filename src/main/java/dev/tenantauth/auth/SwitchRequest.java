package dev.tenantauth.auth;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of POST /v1/auth/switch. */
public record SwitchRequest(
        @NotNull @Unambiguous(TextRules.Kind.SLUG) @Pattern(regexp = Patterns.SLUG, message = "must match " + Patterns.SLUG) String tenant) {}
