package dev.tenantauth.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantauth.support.BulkData;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Explain;
import dev.tenantauth.support.Indexes;
import dev.tenantauth.support.SqlCapture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The member listing on a tenant with 250,000 members among others: the keyset index is used,
 * nothing is sorted or scanned sequentially, and a page after 200,000 rows reads about as much
 * as the first page (buffers, which do not depend on the machine's speed: an OFFSET plan would
 * read the 200,000 rows before it). Throughput at 1M and 10M members is bench/'s job.
 */
@QuarkusTest
class MemberListingPlanTest {

    private static final String FAMILY = "biglist";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static UUID bigTenant;
    private static final int MEMBERS = 250_000;
    private static final int LATE = 200_000;

    @Inject
    MembershipRepository memberships;

    @BeforeAll
    static void load() throws Exception {
        BulkData.deleteFamily(FAMILY);
        BulkData data = BulkData.create(FAMILY);
        try (Connection c = Db.open()) {
            data.tenants(c, 51);
            data.users(c, MEMBERS);
            // tenant 0: every user; tenants 1..50: 2,000 users each; every tenth membership inactive
            try (var s = c.createStatement()) { // bulk_u and bulk_t are BulkData's temp tables, in this session
                s.execute("""
                        INSERT INTO user_tenant_membership (id, user_id, tenant_id, role, is_active, created_at, updated_at)
                        SELECT gen_random_uuid(), u.id, t.id, 'member', u.n % 10 <> 0, ts, ts
                        FROM bulk_u u JOIN bulk_t t ON t.n = 0
                        CROSS JOIN LATERAL (SELECT now() - (u.n % 100000) * interval '1 minute' AS ts) x""");
                s.execute("""
                        INSERT INTO user_tenant_membership (id, user_id, tenant_id, role, is_active, created_at, updated_at)
                        SELECT gen_random_uuid(), u.id, t.id, 'member', true, now(), now()
                        FROM bulk_u u JOIN bulk_t t ON t.n BETWEEN 1 AND 50 AND u.n / 2000 = t.n""");
            }
            BulkData.analyze(c);
            bigTenant = (UUID) Db.scalar("SELECT id FROM tenants WHERE slug = ?", data.tag() + "-0");
        }
    }

    @AfterAll
    static void clean() {
        BulkData.deleteFamily(FAMILY);
    }

    @Test
    void firstAndLatePageUseTheKeysetIndexAndCostTheSame() throws Exception {
        assertEquals((long) MEMBERS, Db.count("SELECT count(*) FROM user_tenant_membership WHERE tenant_id = ?", bigTenant));
        Object[] late = lateCursor();
        var first = SqlCapture.capture(() -> QuarkusTransaction.requiringNew()
                .call(() -> memberships.listMembers(bigTenant, true, null, null, 51)));
        var later = SqlCapture.capture(() -> QuarkusTransaction.requiringNew()
                .call(() -> memberships.listMembers(bigTenant, true, ((Timestamp) late[0]).toInstant(), (UUID) late[1], 51)));
        assertEquals(51, first.result().size());
        assertEquals(51, later.result().size());
        long firstBuffers = explain("first page", first.single(),
                Map.of("tenant_id", bigTenant, "is_active", true, "offset", 0, "limit", 51));
        long lateBuffers = explain("page after " + LATE + " rows", later.single(),
                Map.of("tenant_id", bigTenant, "is_active", true, "created_at", ((Timestamp) late[0]).toInstant(),
                        "id", late[1], "offset", 0, "limit", 51));
        assertTrue(lateBuffers <= 3 * firstBuffers + 20,
                "late page read " + lateBuffers + " buffers, first page " + firstBuffers);
    }

    private Object[] lateCursor() throws Exception {
        try (Connection c = Db.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT created_at, id FROM user_tenant_membership WHERE tenant_id = ? AND is_active"
                        + " ORDER BY created_at, id OFFSET " + LATE + " LIMIT 1")) {
            ps.setObject(1, bigTenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Object[] {rs.getTimestamp(1), rs.getObject(2)};
            }
        }
    }

    /** EXPLAIN ANALYZE with the values bound; prints the plan, checks it, returns the buffers read. */
    private static long explain(String name, String sql, Map<String, Object> values) throws Exception {
        List<Object> params = Explain.bind(sql, values);
        StringBuilder text = new StringBuilder();
        String json;
        try (Connection c = Db.open()) {
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        text.append(rs.getString(1)).append('\n');
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    json = rs.getString(1);
                }
            }
        }
        System.out.printf("%n=== listMembers on the %,d-member tenant, %s%nSQL: %s%n%s", MEMBERS, name, sql, text);
        String plan = json;
        assertTrue(plan.contains("\"Index Name\": \"" + Indexes.MEMBERSHIP_TENANT_KEYSET + "\""), name + ": " + text);
        assertFalse(plan.contains("Seq Scan"), name + ": " + text);
        assertFalse(plan.contains("\"Node Type\": \"Sort\""), name + ": " + text);
        JsonNode root = JSON.readTree(json).get(0).get("Plan");
        return root.get("Shared Hit Blocks").asLong() + root.get("Shared Read Blocks").asLong();
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws Exception {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            ps.setObject(i + 1, v instanceof Instant t ? Timestamp.from(t) : v);
        }
    }
}
