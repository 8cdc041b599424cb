package dev.tenantauth.tenant;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.common.Role;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * A tenant's settings: read by its admins and owners, changed by its owners only (audited with
 * the value before and after). {@code require_verified_email} applies from the next login or
 * switch into the tenant; turning {@code mfa_required} on also revokes, at once, the tenant's
 * sessions that were opened without a second factor (the caller's own included, if so).
 */
@ApplicationScoped
@Transactional
public class TenantSettingsService {

    private final TenantAccess access;
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final SessionService sessions;

    TenantSettingsService(TenantAccess access, TenantRepository tenants, AuditLog audit, SessionService sessions) {
        this.access = access;
        this.tenants = tenants;
        this.audit = audit;
        this.sessions = sessions;
    }

    public TenantSettingsResponse get(AccessPrincipal caller, String slug) {
        return TenantSettingsResponse.of(access.requireAdmin(caller, slug, false));
    }

    public TenantSettingsResponse change(AccessPrincipal caller, String slug, TenantSettingsRequest request) {
        Tenant tenant = access.requireAdmin(caller, slug, true);
        if (caller.role() != Role.OWNER) {
            throw ProblemException.forbidden("Only an owner may change the tenant's settings.");
        }
        boolean before = tenant.requireVerifiedEmail;
        boolean mfaBefore = tenant.mfaRequired;
        if (request.requireVerifiedEmail() != null) {
            tenant.requireVerifiedEmail = request.requireVerifiedEmail();
        }
        if (request.mfaRequired() != null) {
            tenant.mfaRequired = request.mfaRequired();
        }
        int revoked = !mfaBefore && tenant.mfaRequired
                ? sessions.revokeWithoutSecondFactor(tenant.id, SessionService.REASON_MFA_REQUIRED, Instant.now())
                : 0;
        audit.record("tenant.settings_changed", tenant.id, caller.userId(), null,
                "{\"mfa_required\":{\"from\":" + mfaBefore + ",\"to\":" + tenant.mfaRequired + "},"
                        + "\"require_verified_email\":{\"from\":" + before + ",\"to\":" + tenant.requireVerifiedEmail
                        + "},\"sessions_revoked\":" + revoked + "}");
        return TenantSettingsResponse.of(tenant);
    }
}
