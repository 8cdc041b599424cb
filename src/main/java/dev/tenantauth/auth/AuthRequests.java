package dev.tenantauth.auth;

import dev.tenantauth.tenant.Patterns;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of /v1/auth/*. None of them prints a secret in toString. */
public final class AuthRequests {

    public record Login(
            @NotNull @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String email,
            @NotNull @Size(min = 1, max = 1024) String password,
            @NotNull @Pattern(regexp = Patterns.SLUG, message = "must match " + Patterns.SLUG) String tenant) {
        @Override
        public String toString() {
            return "Login[tenant=" + tenant + "]";
        }
    }

    public record Refresh(@NotBlank @Size(max = 512) String refreshToken) {
        @Override
        public String toString() {
            return "Refresh[***]";
        }
    }

    public record Switch(@NotNull @Pattern(regexp = Patterns.SLUG, message = "must match " + Patterns.SLUG) String tenant) {}

    private AuthRequests() {}
}
