package dev.tenantauth.user;

import java.util.UUID;

public record UserView(UUID id, String email) {
    public static UserView of(User u) {
        return new UserView(u.id, u.email);
    }
}
