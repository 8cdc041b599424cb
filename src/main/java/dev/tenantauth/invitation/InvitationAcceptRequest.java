package dev.tenantauth.invitation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/invitations/accept. Its toString never prints the token. */
public record InvitationAcceptRequest(@NotBlank @Size(max = 512) String token) {

    @Override
    public String toString() {
        return "InvitationAcceptRequest[***]";
    }
}
