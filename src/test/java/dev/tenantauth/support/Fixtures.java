package dev.tenantauth.support;

import dev.tenantauth.common.Role;
import dev.tenantauth.session.RefreshToken;
import dev.tenantauth.session.Session;
import dev.tenantauth.tenant.Membership;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.user.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Small, per-test rows created through JPA (each in its own committed transaction), remembered and
 * deleted again by {@link #deleteAll()}. Inject one per test class.
 */
@Dependent
public class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    private final List<UUID> tenants = new ArrayList<>();
    private final List<UUID> users = new ArrayList<>();

    /** Now, at the database's precision (microseconds), so that values round-trip unchanged. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public Tenant tenant() {
        String slug = "fx-" + UUID.randomUUID().toString().substring(0, 13);
        Tenant t = Tenant.create(slug, "Fixture " + slug, now());
        QuarkusTransaction.requiringNew().run(() -> em.persist(t));
        tenants.add(t.id);
        return t;
    }

    public User user() {
        String local = "fx-" + UUID.randomUUID();
        User u = User.create(local + "@Example.test", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", now());
        QuarkusTransaction.requiringNew().run(() -> em.persist(u));
        users.add(u.id);
        return u;
    }

    public Membership membership(User user, Tenant tenant, Role role, boolean active, Instant createdAt) {
        Membership m = Membership.create(user.id, tenant.id, role, createdAt);
        m.active = active;
        QuarkusTransaction.requiringNew().run(() -> em.persist(m));
        return m;
    }

    /** A token created {@code age} ago, living {@code lifetime}; mutate it with {@code adjust} before it is stored. */
    public RefreshToken token(User user, Tenant tenant, Duration age, Duration lifetime, java.util.function.Consumer<RefreshToken> adjust) {
        RefreshToken t = new RefreshToken();
        t.id = UUID.randomUUID();
        t.userId = user.id;
        t.tenantId = tenant.id;
        t.tokenHash = new byte[32];
        RANDOM.nextBytes(t.tokenHash);
        t.createdAt = now().minus(age);
        t.expiresAt = t.createdAt.plus(lifetime);
        Session session = Session.start(user.id, tenant.id, t.createdAt, t.createdAt.plus(Duration.ofDays(90)));
        t.sessionId = session.id;
        adjust.accept(t);
        QuarkusTransaction.requiringNew().run(() -> {
            em.persist(session);
            em.flush();
            em.persist(t);
        });
        return t;
    }

    /** Deletes every tenant and user made here; memberships and tokens go with them (ON DELETE CASCADE). */
    public void deleteAll() {
        QuarkusTransaction.requiringNew().run(() -> {
            if (!users.isEmpty()) {
                em.createNativeQuery("DELETE FROM refresh_tokens WHERE user_id = ANY (?1)").setParameter(1, users.toArray(UUID[]::new)).executeUpdate();
                em.createNativeQuery("DELETE FROM users WHERE id = ANY (?1)").setParameter(1, users.toArray(UUID[]::new)).executeUpdate();
            }
            if (!tenants.isEmpty()) {
                em.createNativeQuery("DELETE FROM tenants WHERE id = ANY (?1)").setParameter(1, tenants.toArray(UUID[]::new)).executeUpdate();
            }
        });
        users.clear();
        tenants.clear();
    }
}
