package dev.tenantauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package order of the service, top to bottom: a package may use the packages below it and
 * never one above it, so every arrow points down and there are no cycles. A new package must be
 * placed in {@link #LAYERS}; the order is read from the compiled classes (every dependency the
 * bytecode has: fields, calls, annotations, generics), not from import lines.
 */
class LayerTest {

    static final String BASE = "dev.tenantauth.";

    /** Top first. */
    static final List<String> LAYERS = List.of(
            "ops",           // operator endpoints and scheduled jobs
            "oauth",         // the OAuth 2.0 / OpenID Connect front door: authorize + hosted login page, token, revoke, introspect, userinfo
            "client",        // a tenant's registered OAuth clients and their administration
            "account",       // signup, /v1/me, password change
            "invitation",    // invitations and their acceptance
            "verification",  // email verification and change of address (the verification flow)
            "recovery",      // password reset (the recovery flow)
            "factor",        // the caller's own second factor: /v1/me/mfa (enroll, confirm, disable, recovery codes)
            "auth",          // login, refresh, logout, switch, the login throttle, the second-factor step of a login
            "mfa",           // TOTP secrets (sealed), recovery codes (hashed), mfa tokens, the MFA keys
            "tenant",        // tenants, memberships, member administration, the tenant's audit trail
            "security",      // the per-request check and the principal
            "session",       // sessions, refresh tokens, rotation
            "token",         // signing keys, access tokens, JWKS and discovery
            "user",          // users and password hashing
            "mail",          // the outbox, its sender, templates and links; flows compose their mails
            "ratelimit",     // hit counting per key over a sliding window, shared by every instance
            "audit",         // the audit writer, used by anyone
            "observability", // metrics and request ids
            "schema",        // migrations, index repair, readiness
            "common",        // roles, input patterns, paging, opaque tokens, time conversion
            "config",        // typed configuration
            "error");        // problem responses and the one mapper

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tenantauth");
    }

    @Test
    void everyPackageIsPlacedInTheOrder() {
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            String layer = layerOf(c.getPackageName());
            if (layer == null || !LAYERS.contains(layer)) {
                unplaced.add(c.getPackageName());
            }
        }
        assertEquals(Set.of(), unplaced, "packages missing from LayerTest.LAYERS");
    }

    @Test
    void dependenciesPointDownTheOrder() {
        Set<String> upward = new TreeSet<>();
        for (JavaClass c : classes) {
            int from = rank(layerOf(c.getPackageName()));
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = layerOf(d.getTargetClass().getPackageName());
                int to = rank(target);
                if (from >= 0 && to >= 0 && to < from) {
                    upward.add(c.getSimpleName() + " (" + LAYERS.get(from) + ") -> "
                            + d.getTargetClass().getSimpleName() + " (" + target + ")");
                }
            }
        }
        assertEquals(Set.of(), upward, "dependencies against the layer order");
    }

    @Test
    void resourcesStayThin() {
        Set<String> offending = new TreeSet<>();
        for (JavaClass c : classes) {
            if (!c.getSimpleName().endsWith("Resource")) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String t = d.getTargetClass().getName();
                if (t.endsWith("Repository") || t.equals("jakarta.persistence.EntityManager")
                        || t.equals("io.agroal.api.AgroalDataSource")) {
                    offending.add(c.getSimpleName() + " -> " + d.getTargetClass().getSimpleName());
                }
            }
        }
        assertEquals(Set.of(), offending, "resources reach the database only through services");
    }

    /** Position in the order, top = 0; -1 outside the service's packages. */
    static int rank(String layer) {
        return layer == null ? -1 : LAYERS.indexOf(layer);
    }

    /** The first package segment under dev.tenantauth, or null outside it. */
    static String layerOf(String pkg) {
        if (!pkg.startsWith(BASE)) {
            return null;
        }
        String rest = pkg.substring(BASE.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
