package dev.tenantauth.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bodies that resources return inside a {@code Response} (Quarkus registers declared return and
 * parameter types by itself, not entities wrapped in a Response), kept for Jackson in a native image.
 */
@RegisterForReflection(targets = {
    dev.tenantauth.error.Problem.class,
    dev.tenantauth.error.Problem.FieldError.class,
    dev.tenantauth.auth.TokenResponse.class,
    dev.tenantauth.user.SignupResponse.class,
    dev.tenantauth.user.UserView.class,
    dev.tenantauth.tenant.TenantView.class,
    dev.tenantauth.tenant.NewTenantRequest.class,
    dev.tenantauth.tenant.MemberView.class,
    dev.tenantauth.tenant.MemberView.UserRef.class,
    dev.tenantauth.invitation.InvitationViews.View.class,
})
final class NativeReflection {
    private NativeReflection() {}
}
