package dev.tenantauth.account;

import dev.tenantauth.common.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record PasswordChangeRequest(
        @NotNull @Size(max = 1024) @Pattern(regexp = Patterns.WELL_FORMED, message = Patterns.WELL_FORMED_MESSAGE)
                String currentPassword,
        @NotNull @Size(min = 8, max = 1024) @Pattern(regexp = Patterns.WELL_FORMED, message = Patterns.WELL_FORMED_MESSAGE)
                String newPassword) {

    @Override
    public String toString() {
        return "PasswordChangeRequest[***]";
    }
}
