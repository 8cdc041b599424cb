package dev.tenantauth.client;

import dev.tenantauth.common.Patterns;
import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of PATCH /v1/tenants/{slug}/clients/{client_id}: what is absent stays as it is. The type never changes. */
public record ClientChangeRequest(
        @Unambiguous(TextRules.Kind.NAME) @Size(min = 1, max = 200)
                @Pattern(regexp = Patterns.PRINTABLE, message = "must be printable text") String name,
        List<String> redirectUris,
        List<String> grantTypes,
        List<String> scopes,
        Boolean enabled) {}
