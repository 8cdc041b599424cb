package dev.tenantauth.invitation;

import dev.tenantauth.common.Patterns;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of POST /v1/invitations/accept: the token, and without a bearer token the password of the
 * invited address's account. Its toString prints neither.
 */
public record InvitationAcceptRequest(
        @NotBlank @Size(max = 512) String token,
        @Size(min = 1, max = 1024) @Pattern(regexp = Patterns.WELL_FORMED, message = Patterns.WELL_FORMED_MESSAGE)
                String password) {

    @Override
    public String toString() {
        return "InvitationAcceptRequest[***]";
    }
}
