package dev.tenantauth.tenant;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.common.KeysetCursor;
import dev.tenantauth.common.Role;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Members administration of one tenant. Every change locks the tenant row first, so the
 * last-owner rule and the one-membership-per-user rule hold under concurrent requests on any
 * number of instances. Deactivation and removal revoke the member's sessions in the tenant in
 * the same transaction.
 */
@ApplicationScoped
@Transactional
public class MemberService {

    private final MembershipRepository memberships;
    private final UserRepository users;
    private final SessionService sessions;
    private final TenantAccess access;
    private final AuditLog audit;
    private final Event<MembershipChanged> changed;
    private final TenantRepository tenants;

    private static final String NOT_A_MEMBER = "You are not an active member of that tenant.";

    MemberService(MembershipRepository memberships, UserRepository users, SessionService sessions,
            TenantAccess access, AuditLog audit, Event<MembershipChanged> changed, TenantRepository tenants) {
        this.changed = changed;
        this.tenants = tenants;
        this.memberships = memberships;
        this.users = users;
        this.sessions = sessions;
        this.access = access;
        this.audit = audit;
    }

    public MemberPageResponse list(AccessPrincipal caller, String slug, int limit, String cursor, Boolean active) {
        Tenant tenant = adminTenant(caller, slug, false);
        KeysetCursor after = cursor == null ? null : KeysetCursor.decode(cursor);
        List<Membership> rows = memberships.listMembers(tenant.id, active, after == null ? null : after.createdAt(),
                after == null ? null : after.id(), limit + 1);
        boolean more = rows.size() > limit;
        List<Membership> page = more ? rows.subList(0, limit) : rows;
        Map<UUID, User> byId = users(page.stream().map(m -> m.userId).toList());
        List<MemberResponse> items = new ArrayList<>();
        page.forEach(m -> items.add(MemberResponse.of(m, byId.get(m.userId))));
        Membership last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new MemberPageResponse(items, more ? new KeysetCursor(last.createdAt, last.id).encode() : null);
    }

    public MemberResponse change(AccessPrincipal caller, String slug, UUID userId, MemberChangeRequest request) {
        Tenant tenant = adminTenant(caller, slug, true);
        Membership m = memberships.findMembership(userId, tenant.id)
                .orElseThrow(() -> ProblemException.notFound("No such member."));
        Role newRole = request.role() == null ? m.role : Role.parse(request.role()).orElseThrow();
        boolean newActive = request.active() == null ? m.active : request.active();
        requireMayAssign(caller, m.role, newRole);
        if (MemberRules.takesAnActiveOwner(m.role, m.active, newRole, newActive)) {
            requireAnotherOwner(tenant);
        }
        Instant now = Instant.now();
        boolean deactivated = m.active && !newActive;
        audit.record("member.changed", tenant.id, caller.userId(), userId, "{\"role\":{\"from\":\"" + m.role.wire()
                + "\",\"to\":\"" + newRole.wire() + "\"},\"active\":{\"from\":" + m.active + ",\"to\":" + newActive + "}}");
        m.role = newRole;
        m.active = newActive;
        m.updatedAt = now;
        String email = users.findByIdOptional(userId).map(u -> u.email).orElse(null);
        if (deactivated) {
            sessions.revokeAll(userId, tenant.id, SessionService.REASON_MEMBERSHIP, now);
            changed.fire(new MembershipChanged(tenant.id, userId, email, MembershipChanged.Kind.DEACTIVATED, now));
        }
        return MemberResponse.of(m, users.findByIdOptional(userId).orElse(null));
    }

    public void remove(AccessPrincipal caller, String slug, UUID userId) {
        Tenant tenant = adminTenant(caller, slug, true);
        Membership m = memberships.findMembership(userId, tenant.id)
                .orElseThrow(() -> ProblemException.notFound("No such member."));
        requireMayAssign(caller, m.role, null);
        if (MemberRules.takesAnActiveOwner(m.role, m.active, null, false)) {
            requireAnotherOwner(tenant);
        }
        Instant now = Instant.now();
        memberships.delete(m);
        audit.record("member.removed", tenant.id, caller.userId(), userId, "{\"role\":\"" + m.role.wire() + "\"}");
        sessions.revokeAll(userId, tenant.id, SessionService.REASON_MEMBERSHIP, now);
        users.findByIdOptional(userId).ifPresent(u ->
                changed.fire(new MembershipChanged(tenant.id, userId, u.email, MembershipChanged.Kind.REMOVED, now)));
    }

    /**
     * The caller leaves the tenant with this slug, where they are an active member: the membership
     * is deleted and their sessions there end. The last active owner cannot leave (409). A
     * deactivated membership is not the caller's to drop (404: it stays, so that no invitation can
     * undo the deactivation). Under the tenant lock, like every membership change.
     */
    public void leave(AccessPrincipal caller, String slug) {
        Tenant tenant = tenants.findBySlug(slug).flatMap(t -> tenants.lock(t.id))
                .orElseThrow(() -> ProblemException.notFound(NOT_A_MEMBER));
        Membership m = memberships.findMembership(caller.userId(), tenant.id).filter(x -> x.active)
                .orElseThrow(() -> ProblemException.notFound(NOT_A_MEMBER));
        if (MemberRules.takesAnActiveOwner(m.role, m.active, null, false)) {
            requireAnotherOwner(tenant, "The last active owner of a tenant cannot leave it; make another member owner first.");
        }
        Instant now = Instant.now();
        memberships.delete(m);
        audit.record("member.left", tenant.id, caller.userId(), caller.userId(), "{\"role\":\"" + m.role.wire() + "\"}");
        sessions.revokeAll(caller.userId(), tenant.id, SessionService.REASON_MEMBERSHIP, now);
        changed.fire(new MembershipChanged(tenant.id, caller.userId(), caller.email(), MembershipChanged.Kind.REMOVED, now));
    }

    private Tenant adminTenant(AccessPrincipal caller, String slug, boolean lock) {
        return access.requireAdmin(caller, slug, lock);
    }

    private static void requireMayAssign(AccessPrincipal caller, Role current, Role next) {
        if (!MemberRules.mayAssign(caller.role(), current, next)) {
            throw ProblemException.forbidden("Only an owner may grant, change or remove the owner role.");
        }
    }

    /** Called under the tenant lock: the count cannot change until this transaction ends. */
    private void requireAnotherOwner(Tenant tenant) {
        requireAnotherOwner(tenant, "The last active owner of a tenant cannot be demoted, deactivated or removed.");
    }

    private void requireAnotherOwner(Tenant tenant, String refusal) {
        if (!MemberRules.ownerMayGo(memberships.countActiveOwners(tenant.id))) {
            throw ProblemException.conflict(refusal);
        }
    }

    private Map<UUID, User> users(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return users.list("id in ?1", ids).stream().collect(Collectors.toMap(u -> u.id, u -> u, (a, b) -> a));
    }
}
