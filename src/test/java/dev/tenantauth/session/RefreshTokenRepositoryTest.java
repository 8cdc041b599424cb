package dev.tenantauth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tenantauth.support.Fixtures;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.user.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshTokenRepositoryTest {

    private static final Duration DAYS_30 = Duration.ofDays(30);

    @Inject
    RefreshTokenRepository repository;

    @Inject
    Fixtures fixtures;

    @AfterEach
    void cleanUp() {
        fixtures.deleteAll();
    }

    @Test
    void revokeAllTouchesOnlyThatUserAndTenantAndKeepsEarlierRevocations() {
        Tenant a = fixtures.tenant();
        Tenant b = fixtures.tenant();
        User user = fixtures.user();
        User other = fixtures.user();
        List<RefreshToken> target = List.of(
                fixtures.token(user, a, Duration.ofHours(1), DAYS_30, t -> {}),
                fixtures.token(user, a, Duration.ofHours(2), DAYS_30, t -> t.rotatedAt = t.createdAt.plusSeconds(60)),
                fixtures.token(user, a, Duration.ofDays(40), DAYS_30, t -> {})); // expired, still not revoked
        Instant earlier = Fixtures.now().minus(Duration.ofDays(1));
        RefreshToken alreadyRevoked = fixtures.token(user, a, Duration.ofDays(2), DAYS_30, t -> {
            t.revokedAt = earlier;
            t.revokedReason = "password-change";
        });
        RefreshToken sameUserOtherTenant = fixtures.token(user, b, Duration.ofHours(1), DAYS_30, t -> {});
        RefreshToken otherUserSameTenant = fixtures.token(other, a, Duration.ofHours(1), DAYS_30, t -> {});

        Instant now = Fixtures.now();
        int n = QuarkusTransaction.requiringNew().call(() -> repository.revokeAll(user.id, a.id, "logout-all", now));

        assertEquals(3, n);
        for (RefreshToken t : target) {
            RefreshToken r = load(t.id);
            assertEquals(now, r.revokedAt);
            assertEquals("logout-all", r.revokedReason);
        }
        RefreshToken kept = load(alreadyRevoked.id);
        assertEquals(earlier, kept.revokedAt);
        assertEquals("password-change", kept.revokedReason);
        assertNull(load(sameUserOtherTenant.id).revokedAt);
        assertNull(load(otherUserSameTenant.id).revokedAt);
    }

    @Test
    void findLiveTokensReturnsOnlyUsableTokensOfThePairNewestFirst() {
        Tenant a = fixtures.tenant();
        Tenant b = fixtures.tenant();
        User user = fixtures.user();
        RefreshToken older = fixtures.token(user, a, Duration.ofHours(5), DAYS_30, t -> {});
        RefreshToken newer = fixtures.token(user, a, Duration.ofHours(1), DAYS_30, t -> {});
        fixtures.token(user, a, Duration.ofHours(2), DAYS_30, t -> t.rotatedAt = t.createdAt.plusSeconds(1));
        fixtures.token(user, a, Duration.ofHours(3), DAYS_30, t -> {
            t.revokedAt = t.createdAt.plusSeconds(1);
            t.revokedReason = "logout";
        });
        fixtures.token(user, a, Duration.ofDays(31), DAYS_30, t -> {}); // expired
        fixtures.token(user, b, Duration.ofMinutes(5), DAYS_30, t -> {}); // other tenant

        List<UUID> live = QuarkusTransaction.requiringNew()
                .call(() -> repository.findLiveTokens(user.id, a.id, Fixtures.now()).stream().map(t -> t.id).toList());
        assertEquals(List.of(newer.id, older.id), live);
    }

    private RefreshToken load(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> repository.findById(id));
    }
}
