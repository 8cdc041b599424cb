package dev.tenantauth.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/auth/mfa/enroll: an enrollment mfa_token. Its toString never prints it. */
public record MfaEnrollRequest(@NotNull @Size(min = 1, max = 128) String mfaToken) {

    @Override
    public String toString() {
        return "MfaEnrollRequest[…]";
    }
}
