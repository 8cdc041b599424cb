package dev.tenantauth.verification;

import dev.tenantauth.user.UserResponse;

/** Body of a confirmed verification: the user with their (possibly new) verified address. */
public record VerificationConfirmResponse(UserResponse user) {}
