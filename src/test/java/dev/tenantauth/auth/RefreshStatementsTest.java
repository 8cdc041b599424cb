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
 * one that locks the token's session, spends the token, touches the session and inserts the
 * successor ({@code SessionRepository.ROTATE_SQL}), then one that reads membership and tenant
 * together; nothing is left to flush at the commit. The signature comes after the commit.
 */
@QuarkusTest
class RefreshStatementsTest {

    @Inject
    AuthService auth;

    @Test
    void refreshSendsTwoStatementsInOneTransaction() {
        Api.Account a = Api.newOwner();
        SqlCapture.Captured<TokenResponse> c = SqlCapture.capture(() -> auth.refresh(new RefreshTokenRequest(a.refreshToken())));
        List<String> sql = c.statements().stream().map(s -> s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")).toList();
        System.out.println("RefreshStatementsTest: one refresh sends " + sql.size() + " statements:\n  " + String.join("\n  ", sql));
        assertEquals(2, sql.size(), sql.toString());
        String rotate = sql.get(0);
        assertTrue(rotate.startsWith("with s as") && rotate.contains("for no key update")
                && rotate.contains("update refresh_tokens t set rotated_at") && rotate.contains("update sessions x set last_used_at")
                && rotate.contains("insert into refresh_tokens"), rotate);
        assertTrue(sql.get(1).contains("user_tenant_membership") && sql.get(1).contains("tenants"), sql.get(1));
        Api.me(c.result().accessToken()).then().statusCode(200);
        Api.refresh(c.result().refreshToken()).then().statusCode(200);
        // the token just spent is a reuse: the session ends
        Api.refresh(a.refreshToken()).then().statusCode(401);
    }
}
