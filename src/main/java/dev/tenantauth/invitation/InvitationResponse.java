package dev.tenantauth.invitation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/**
 * An invitation; {@code token} is present only in the answer to its creation (the entity of a
 * 201, hence registered for native reflection).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvitationResponse(UUID id, String email, String role, UUID createdBy, Instant createdAt,
        Instant expiresAt, String token) {

    static InvitationResponse of(Invitation i, String token) {
        return new InvitationResponse(i.id, i.email, i.role.wire(), i.createdBy, i.createdAt, i.expiresAt, token);
    }

    @Override
    public String toString() {
        return "InvitationResponse[" + id + "]";
    }
}
