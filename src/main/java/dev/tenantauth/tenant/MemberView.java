package dev.tenantauth.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member as the admin API shows it. */
public record MemberView(UserRef user, String role, boolean active, Instant joinedAt) {

    public record UserRef(UUID id, String email) {}

    /** One page of members; {@code next_cursor} is null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(List<MemberView> items, String nextCursor) {}

    public static MemberView of(Membership m, String email) {
        return new MemberView(new UserRef(m.userId, email), m.role.wire(), m.active, m.createdAt);
    }
}
