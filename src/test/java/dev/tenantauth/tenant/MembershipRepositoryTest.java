package dev.tenantauth.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.common.Role;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Fixtures;
import dev.tenantauth.user.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MembershipRepositoryTest {

    @Inject
    MembershipRepository repository;

    @Inject
    Fixtures fixtures;

    @AfterEach
    void cleanUp() {
        fixtures.deleteAll();
    }

    @Test
    void findActiveMembershipIgnoresInactiveAndOtherPairs() {
        Tenant a = fixtures.tenant();
        Tenant b = fixtures.tenant();
        User user = fixtures.user();
        User other = fixtures.user();
        Membership active = fixtures.membership(user, a, Role.ADMIN, true, Fixtures.now());
        fixtures.membership(user, b, Role.OWNER, false, Fixtures.now());
        fixtures.membership(other, b, Role.MEMBER, true, Fixtures.now());

        Optional<Membership> found = find(user.id, a.id);
        assertTrue(found.isPresent());
        assertEquals(active.id, found.get().id);
        assertEquals(Role.ADMIN, found.get().role);
        assertEquals(Optional.empty(), find(user.id, b.id), "an inactive membership must not count");
        assertEquals(Optional.empty(), find(other.id, a.id));
        assertEquals(Optional.empty(), find(UUID.randomUUID(), a.id));
    }

    @Test
    void theSchemaRefusesASecondMembershipOfOneUserInOneTenant() {
        Tenant a = fixtures.tenant();
        User user = fixtures.user();
        fixtures.membership(user, a, Role.MEMBER, false, Fixtures.now());
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> {
                    try (var c = Db.open(); var ps = c.prepareStatement("INSERT INTO user_tenant_membership"
                            + " (id, user_id, tenant_id, role, is_active, created_at, updated_at)"
                            + " VALUES (gen_random_uuid(), ?, ?, 'admin', true, now(), now())")) {
                        ps.setObject(1, user.id);
                        ps.setObject(2, a.id);
                        ps.executeUpdate();
                    }
                });
        assertEquals("23505", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("uq_membership_user_tenant"), e.getMessage());
    }

    @Test
    void joinInsertsANewMembershipAndNeverTouchesAnExistingOne() {
        Tenant a = fixtures.tenant();
        User newcomer = fixtures.user();
        User deactivated = fixtures.user();
        User active = fixtures.user();
        Instant then = Fixtures.now().minus(Duration.ofDays(3));
        fixtures.membership(deactivated, a, Role.ADMIN, false, then);
        fixtures.membership(active, a, Role.MEMBER, true, then);
        Instant now = Fixtures.now();

        Membership joined = QuarkusTransaction.requiringNew().call(() -> repository.join(newcomer.id, a.id, Role.MEMBER, now))
                .orElseThrow();
        assertTrue(joined.active);
        assertEquals(Role.MEMBER, joined.role);

        assertEquals(Optional.empty(), QuarkusTransaction.requiringNew()
                .call(() -> repository.join(deactivated.id, a.id, Role.OWNER, now)), "deactivated: stays so");
        Membership still = QuarkusTransaction.requiringNew().call(() -> repository.findMembership(deactivated.id, a.id)).orElseThrow();
        assertEquals(false, still.active);
        assertEquals(Role.ADMIN, still.role);
        assertEquals(Optional.empty(), QuarkusTransaction.requiringNew()
                .call(() -> repository.join(active.id, a.id, Role.OWNER, now)), "already active: nothing changes");
        assertEquals(Role.MEMBER, find(active.id, a.id).orElseThrow().role);
        assertEquals(1L, Db.count("SELECT count(*) FROM user_tenant_membership WHERE user_id = ? AND tenant_id = ?",
                active.id, a.id));
    }

    @Test
    void listMembersPagesByKeysetWithoutDuplicatesOrGaps() {
        Tenant tenant = fixtures.tenant();
        Tenant elsewhere = fixtures.tenant();
        Instant base = Fixtures.now().minus(Duration.ofDays(30));
        for (int i = 0; i < 47; i++) {
            // groups of three share created_at exactly, so the id tie-break decides page boundaries
            fixtures.membership(fixtures.user(), tenant, Role.MEMBER, true, base.plusSeconds(i / 3));
        }
        for (int i = 0; i < 5; i++) {
            fixtures.membership(fixtures.user(), tenant, Role.MEMBER, false, base.plusSeconds(i));
        }
        fixtures.membership(fixtures.user(), elsewhere, Role.MEMBER, true, base);

        List<UUID> expected = Db.strings("SELECT id::text FROM user_tenant_membership WHERE tenant_id = ? AND is_active"
                + " ORDER BY created_at, id", tenant.id).stream().map(UUID::fromString).toList();
        assertEquals(47, expected.size());

        for (int pageSize : new int[] {1, 3, 10, 47, 100}) {
            List<UUID> seen = new ArrayList<>();
            Instant afterCreatedAt = null;
            UUID afterId = null;
            while (true) {
                Instant ac = afterCreatedAt;
                UUID ai = afterId;
                List<Membership> page = QuarkusTransaction.requiringNew()
                        .call(() -> repository.listMembers(tenant.id, true, ac, ai, pageSize));
                assertTrue(page.size() <= pageSize);
                page.forEach(m -> {
                    assertEquals(tenant.id, m.tenantId);
                    assertTrue(m.active);
                    seen.add(m.id);
                });
                if (page.size() < pageSize) {
                    break;
                }
                Membership last = page.get(page.size() - 1);
                afterCreatedAt = last.createdAt;
                afterId = last.id;
            }
            assertEquals(seen.size(), new HashSet<>(seen).size(), "duplicates with page size " + pageSize);
            assertEquals(expected, seen, "keyset pages with page size " + pageSize);
        }

        List<Membership> inactive = QuarkusTransaction.requiringNew()
                .call(() -> repository.listMembers(tenant.id, false, null, null, 100));
        assertEquals(5, inactive.size());
    }

    private Optional<Membership> find(UUID userId, UUID tenantId) {
        return QuarkusTransaction.requiringNew().call(() -> repository.findActiveMembership(userId, tenantId));
    }
}
