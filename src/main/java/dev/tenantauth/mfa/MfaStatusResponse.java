package dev.tenantauth.mfa;

/** The {@code mfa} member of GET /v1/me. */
public record MfaStatusResponse(boolean totp, long recoveryCodesLeft) {}
