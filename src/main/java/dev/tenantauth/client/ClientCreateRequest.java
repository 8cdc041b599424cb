package dev.tenantauth.client;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of POST /v1/tenants/{slug}/clients. */
public record ClientCreateRequest(
        @NotNull @Unambiguous(TextRules.Kind.NAME) @Size(min = 1, max = 200)
                @Pattern(regexp = Patterns.PRINTABLE, message = "must be printable text") String name,
        @NotNull @Pattern(regexp = "^(confidential|public)$", message = "must be confidential or public") String type,
        List<String> redirectUris,
        @NotNull List<String> grantTypes,
        List<String> scopes) {}
