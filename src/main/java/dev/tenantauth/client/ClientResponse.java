package dev.tenantauth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * A client as the admin API shows it. {@code client_secret} is present only in the answer that
 * created it (the one showing; only its hash is kept).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientResponse(String clientId, String clientSecret, String name, String type, List<String> redirectUris,
        List<String> grantTypes, List<String> scopes, boolean enabled, Instant createdAt, Instant updatedAt) {

    static ClientResponse of(OAuthClient c, String secret) {
        return new ClientResponse(c.id.toString(), secret, c.name, c.type, c.redirectUris, c.grantTypes, c.scopes,
                c.enabled, c.createdAt, c.updatedAt);
    }
}
