package dev.tenantauth.verification;

import jakarta.validation.constraints.NotNull;

/**
 * Body of POST /v1/email-verification/confirm. Any string is accepted and hashed (the body limit
 * bounds it): garbage is simply an unknown token, 400 invalid_token. Its toString hides the token.
 */
public record VerificationConfirmRequest(@NotNull String token) {

    @Override
    public String toString() {
        return "VerificationConfirmRequest[***]";
    }
}
