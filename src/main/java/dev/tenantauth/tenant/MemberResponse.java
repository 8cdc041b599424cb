package dev.tenantauth.tenant;

import dev.tenantauth.user.User;
import dev.tenantauth.user.UserResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A member as the admin API shows it (also the entity of a 201, hence registered for native reflection). */
@RegisterForReflection
public record MemberResponse(UserResponse user, String role, boolean active, Instant joinedAt) {

    static MemberResponse of(Membership m, User user) {
        return new MemberResponse(user == null ? new UserResponse(m.userId, null, false) : UserResponse.of(user),
                m.role.wire(), m.active, m.createdAt);
    }
}
