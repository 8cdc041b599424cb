package dev.tenantauth.mfa;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of POST /v1/me/mfa/totp and /v1/auth/mfa/enroll: the new secret, shown this once. */
@RegisterForReflection
public record TotpEnrollmentResponse(String secret, String otpauthUri) {

    @Override
    public String toString() {
        return "TotpEnrollmentResponse[…]";
    }
}
