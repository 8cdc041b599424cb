package dev.tenantauth.ops;

import dev.tenantauth.common.TextRules;
import dev.tenantauth.common.Unambiguous;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of POST /v1/admin/login-locks/lift: the email whose login lock to lift. */
public record LockLiftRequest(@NotBlank @Unambiguous(TextRules.Kind.EMAIL) @Size(max = 320) String email) {}
