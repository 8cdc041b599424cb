package dev.tenantauth.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.security.AccessCheck;
import dev.tenantauth.session.RefreshTokenRepository;
import dev.tenantauth.session.SessionRepository;
import dev.tenantauth.support.BulkData;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Explain;
import dev.tenantauth.support.Indexes;
import dev.tenantauth.support.SqlCapture;
import dev.tenantauth.tenant.Membership;
import dev.tenantauth.tenant.MembershipRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With realistic volumes loaded and analysed, every hot repository query, exactly as Hibernate sends
 * it, is planned on its composite index and never with a sequential scan, both as a custom plan
 * (values known) and as the generic plan of a server-side prepared statement.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotQueryPlanTest {

    private static final String FAMILY = "hqp";
    private static final int TENANTS = 1_200;
    private static final int USERS = 70_000;

    @Inject
    MembershipRepository memberships;

    @Inject
    RefreshTokenRepository tokens;

    UUID activeUser;
    UUID activeTenant;
    UUID tokenUser;
    UUID tokenTenant;
    UUID listTenant;
    UUID[] liveSession; // user, tenant, session of an active membership
    byte[] liveTokenHash; // of a usable refresh token

    @BeforeAll
    void load() throws Exception {
        BulkData.deleteFamily(FAMILY);
        BulkData data = BulkData.create(FAMILY);
        long started = System.nanoTime();
        try (Connection c = Db.open()) {
            data.tenants(c, TENANTS);
            data.users(c, USERS);
            long m = data.memberships(c, TENANTS, 1, 5);
            long t = data.refreshTokens(c);
            BulkData.analyze(c);
            System.out.printf("HotQueryPlanTest: loaded %d tenants, %d users, %d memberships, %d refresh tokens in %d ms%n",
                    TENANTS, USERS, m, t, (System.nanoTime() - started) / 1_000_000);
            assertTrue(m >= 200_000, "memberships " + m);
            assertTrue(t >= 200_000, "refresh tokens " + t);
            String like = data.tag() + "-%";
            UUID[] active = pair(c, """
                    SELECT m.user_id, m.tenant_id FROM user_tenant_membership m JOIN tenants t ON t.id = m.tenant_id
                    WHERE t.slug LIKE ? AND m.is_active LIMIT 1""", like);
            activeUser = active[0];
            activeTenant = active[1];
            UUID[] live = pair(c, """
                    SELECT r.user_id, r.tenant_id FROM refresh_tokens r JOIN tenants t ON t.id = r.tenant_id
                    WHERE t.slug LIKE ? AND r.revoked_at IS NULL AND r.rotated_at IS NULL AND r.expires_at > now() LIMIT 1""", like);
            tokenUser = live[0];
            tokenTenant = live[1];
            try (var ps = c.prepareStatement("""
                    SELECT s.user_id, s.tenant_id, s.id FROM sessions s JOIN tenants t ON t.id = s.tenant_id
                    JOIN user_tenant_membership m ON m.user_id = s.user_id AND m.tenant_id = s.tenant_id AND m.is_active
                    WHERE t.slug LIKE ? AND s.revoked_at IS NULL AND s.expires_at > now() LIMIT 1""")) {
                ps.setString(1, like);
                try (var rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "no live session in the bulk data");
                    liveSession = new UUID[] {(UUID) rs.getObject(1), (UUID) rs.getObject(2), (UUID) rs.getObject(3)};
                }
            }
            try (var ps = c.prepareStatement("""
                    SELECT r.token_hash FROM refresh_tokens r JOIN tenants t ON t.id = r.tenant_id
                    WHERE t.slug LIKE ? AND r.revoked_at IS NULL AND r.rotated_at IS NULL AND r.expires_at > now() LIMIT 1""")) {
                ps.setString(1, like);
                try (var rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "no live refresh token in the bulk data");
                    liveTokenHash = rs.getBytes(1);
                }
            }
            listTenant = pair(c, """
                    SELECT m.tenant_id, m.tenant_id FROM user_tenant_membership m JOIN tenants t ON t.id = m.tenant_id
                    WHERE t.slug LIKE ? AND m.is_active GROUP BY m.tenant_id HAVING count(*) >= 60 LIMIT 1""", like)[0];
        }
    }

    @AfterAll
    void cleanUp() {
        long started = System.nanoTime();
        BulkData.deleteFamily(FAMILY);
        System.out.printf("HotQueryPlanTest: bulk rows deleted in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The per-request check (security/AccessCheck, plain JDBC): one statement, index lookups only,
     * the MFA state (for GET /v1/me) by mfa_totp's primary key.
     */
    @Test
    void perRequestCheckUsesTheMembershipUserTenantIndex() throws Exception {
        assertPlans("AccessCheck (per-request check)", AccessCheck.SQL.strip().replaceAll("\\s+", " "),
                Map.of("id", liveSession[2], "user_id", liveSession[0], "tenant_id", liveSession[1], "limit", 1),
                Indexes.MEMBERSHIP_USER_TENANT_UNIQUE, "sessions_pkey", "mfa_totp_pkey");
    }

    /**
     * The refresh's one statement (SessionRepository.ROTATE_SQL): the token by its unique hash, the
     * session by its primary key, never a scan; its JPA placeholders (?1..?6) become JDBC ones here.
     */
    @Test
    void rotateUsesTheTokenHashAndTheSessionPrimaryKey() throws Exception {
        byte[] hash = liveTokenHash;
        Instant now = Instant.now();
        Map<String, Object> byNumber = new HashMap<>();
        byNumber.put("1", hash);
        byNumber.put("2", now);
        byNumber.put("3", null); // the JSON API's sessions: no client
        byNumber.put("4", UUID.randomUUID());
        byNumber.put("5", new byte[32]);
        byNumber.put("6", now.plus(Duration.ofDays(30)));
        List<Object> params = new ArrayList<>();
        Matcher m = Pattern.compile("\\?(\\d)").matcher(SessionRepository.ROTATE_SQL);
        while (m.find()) {
            params.add(byNumber.get(m.group(1)));
        }
        String jdbc = SessionRepository.ROTATE_SQL.replaceAll("\\?\\d", "?").strip().replaceAll("\\s+", " ");
        assertPlans("SessionRepository.rotate (one refresh)", jdbc, params, Indexes.REFRESH_TOKENS_HASH, "sessions_pkey");
    }

    @Test
    void findActiveMembershipUsesTheMembershipUserTenantIndex() throws Exception {
        var captured = SqlCapture.capture(() -> QuarkusTransaction.requiringNew()
                .call(() -> memberships.findActiveMembership(activeUser, activeTenant)));
        assertTrue(captured.result().isPresent());
        assertPlans("MembershipRepository.findActiveMembership", captured.single(),
                Map.of("user_id", activeUser, "tenant_id", activeTenant, "limit", 1), Indexes.MEMBERSHIP_USER_TENANT_UNIQUE);
    }

    @Test
    void findLiveTokensUsesRefreshTokensUserTenantIndex() throws Exception {
        Instant now = Instant.now();
        var captured = SqlCapture.capture(() -> QuarkusTransaction.requiringNew()
                .call(() -> tokens.findLiveTokens(tokenUser, tokenTenant, now)));
        assertFalse(captured.result().isEmpty());
        assertPlans("RefreshTokenRepository.findLiveTokens", captured.single(),
                Map.of("user_id", tokenUser, "tenant_id", tokenTenant, "expires_at", now), Indexes.REFRESH_TOKENS_USER_TENANT);
    }

    @Test
    void revokeAllUsesRefreshTokensUserTenantIndex() throws Exception {
        Instant now = Instant.now();
        QuarkusTransaction.begin();
        SqlCapture.Captured<Integer> captured;
        try {
            captured = SqlCapture.capture(() -> tokens.revokeAll(tokenUser, tokenTenant, "plan-test", now));
        } finally {
            QuarkusTransaction.rollback(); // leave the data as loaded
        }
        assertTrue(captured.result() > 0);
        assertPlans("RefreshTokenRepository.revokeAll", captured.single(),
                Map.of("revoked_at", now, "revoked_reason", "plan-test", "user_id", tokenUser, "tenant_id", tokenTenant),
                Indexes.REFRESH_TOKENS_USER_TENANT);
    }

    @Test
    void listMembersFirstPageAndPageAfterCursorUseTheKeysetIndex() throws Exception {
        var first = SqlCapture.capture(() -> QuarkusTransaction.requiringNew()
                .call(() -> memberships.listMembers(listTenant, true, null, null, 20)));
        assertEquals(20, first.result().size());
        assertPlans("MembershipRepository.listMembers (first page)", first.single(),
                Map.of("tenant_id", listTenant, "is_active", true, "offset", 0, "limit", 20), Indexes.MEMBERSHIP_TENANT_KEYSET);

        Membership last = first.result().get(19);
        var next = SqlCapture.capture(() -> QuarkusTransaction.requiringNew()
                .call(() -> memberships.listMembers(listTenant, true, last.createdAt, last.id, 20)));
        assertEquals(20, next.result().size());
        var ids = new HashSet<UUID>();
        first.result().forEach(m -> ids.add(m.id));
        next.result().forEach(m -> assertTrue(ids.add(m.id), "page 2 repeats " + m.id));
        assertPlans("MembershipRepository.listMembers (after cursor)", next.single(),
                Map.of("tenant_id", listTenant, "is_active", true, "created_at", last.createdAt, "id", last.id, "offset", 0, "limit", 20),
                Indexes.MEMBERSHIP_TENANT_KEYSET);
    }

    private static void assertPlans(String name, String sql, Map<String, Object> values, String... indexes) throws Exception {
        assertPlans(name, sql, Explain.bind(sql, values), indexes);
    }

    private static void assertPlans(String name, String sql, List<Object> params, String... indexes) throws Exception {
        try (Connection c = Db.open()) {
            c.setAutoCommit(false); // EXPLAIN of an UPDATE does not execute it; rolled back all the same
            try {
                Explain.Plan custom = Explain.custom(c, sql, params);
                Explain.Plan generic = Explain.generic(c, sql, params);
                System.out.printf("%n=== %s%nSQL (as Hibernate sends it): %s%nparameters: %s%n--- custom plan:%n%s--- generic plan (force_generic_plan):%n%s",
                        name, sql, params, custom.text(), generic.text());
                for (var entry : Map.of("custom", custom, "generic", generic).entrySet()) {
                    Explain.Plan plan = entry.getValue();
                    assertFalse(plan.nodeTypes().contains("Seq Scan"), name + " " + entry.getKey() + " plan has a Seq Scan:\n" + plan.text());
                    for (String index : indexes) {
                        assertTrue(plan.indexNames().contains(index),
                                name + " " + entry.getKey() + " plan does not use " + index + ":\n" + plan.text());
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static UUID[] pair(Connection c, String sql, String like) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no row for " + sql);
                return new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)};
            }
        }
    }
}
