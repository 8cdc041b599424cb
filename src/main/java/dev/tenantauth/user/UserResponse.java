package dev.tenantauth.user;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

@RegisterForReflection // for Jackson in a native image: nested in entities of Responses
public record UserResponse(UUID id, String email, boolean emailVerified) {
    public static UserResponse of(User u) {
        return new UserResponse(u.id, u.email, u.emailVerified());
    }
}
