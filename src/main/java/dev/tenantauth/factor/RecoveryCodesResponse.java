package dev.tenantauth.factor;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Body of POST /v1/me/mfa/totp/confirm and /v1/me/mfa/recovery-codes: the codes, shown this once. */
@RegisterForReflection // returned inside a Response (no-store)
public record RecoveryCodesResponse(List<String> recoveryCodes) {

    @Override
    public String toString() {
        return "RecoveryCodesResponse[…]";
    }
}
