package dev.tenantauth.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.SqlCapture;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The statements one refresh sends, as Hibernate hands them to JDBC (besides BEGIN and COMMIT):
 * lock the token's session, spend the token, read membership and tenant together, then at the
 * flush insert the successor and touch the session. The signature comes after the commit.
 */
@QuarkusTest
class RefreshStatementsTest {

    @Inject
    AuthService auth;

    @Test
    void refreshSendsFiveStatementsInOneTransaction() {
        Api.Account a = Api.newOwner();
        SqlCapture.Captured<TokenResponse> c = SqlCapture.capture(() -> auth.refresh(new RefreshTokenRequest(a.refreshToken())));
        List<String> sql = c.statements().stream().map(s -> s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")).toList();
        System.out.println("RefreshStatementsTest: one refresh sends " + sql.size() + " statements:\n  " + String.join("\n  ", sql));
        assertEquals(5, sql.size(), sql.toString());
        assertTrue(sql.get(0).startsWith("select") && sql.get(0).contains("from sessions")
                && sql.get(0).contains("refresh_tokens") && sql.get(0).contains("for no key update"), sql.get(0));
        assertTrue(sql.get(1).startsWith("update refresh_tokens set rotated_at"), sql.get(1));
        assertTrue(sql.get(2).contains("user_tenant_membership") && sql.get(2).contains("tenants"), sql.get(2));
        // the flush at commit: Hibernate sends inserts before updates
        assertTrue(sql.get(3).startsWith("insert into refresh_tokens"), sql.get(3));
        assertTrue(sql.get(4).startsWith("update sessions"), sql.get(4));
        Api.me(c.result().accessToken()).then().statusCode(200);
        Api.refresh(c.result().refreshToken()).then().statusCode(200);
    }
}
