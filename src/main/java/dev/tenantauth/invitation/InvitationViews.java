package dev.tenantauth.invitation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tenantauth.tenant.Patterns;
import dev.tenantauth.tenant.TenantView;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the invitation endpoints. */
public final class InvitationViews {

    public record Create(
            @NotNull @Size(max = 320) @Pattern(regexp = Patterns.EMAIL, message = "must be an email address") String email,
            @NotNull @Pattern(regexp = "^(owner|admin|member)$", message = "must be owner, admin or member") String role) {}

    public record Accept(@NotBlank @Size(max = 512) String token) {
        @Override
        public String toString() {
            return "Accept[***]";
        }
    }

    /** An invitation; {@code token} is present only in the answer to its creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(UUID id, String email, String role, UUID createdBy, Instant createdAt, Instant expiresAt,
            String token) {
        static View of(Invitation i, String token) {
            return new View(i.id, i.email, i.role.wire(), i.createdBy, i.createdAt, i.expiresAt, token);
        }

        @Override
        public String toString() {
            return "Invitation[" + id + "]";
        }
    }

    public record Items(List<View> items) {}

    public record Accepted(TenantView tenant, String role) {}

    private InvitationViews() {}
}
