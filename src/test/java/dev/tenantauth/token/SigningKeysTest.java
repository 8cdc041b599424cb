package dev.tenantauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SigningKeysTest {

    @Inject
    SigningKeys keys;

    /** Instances starting together on a database without a key end with exactly one key. */
    @Test
    void concurrentStartsOnAnEmptyTableCreateOneKey() throws Exception {
        Db.exec("CREATE TEMP TABLE IF NOT EXISTS x (y int)"); // warm the pool
        Db.exec("UPDATE signing_keys SET retired_at = now(), verify_until = now() + interval '1 hour'"
                + " WHERE retired_at IS NULL");
        try {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    keys.ensureSigningKey();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) {
                f.get();
            }
            pool.shutdown();
            assertEquals(1L, Db.scalar("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL"));
        } finally {
            keys.refresh();
        }
    }

    @Test
    void retiredKeyLosesItsPrivatePartOnceNoInstanceSignsWithItThenLeavesTheJwksWhenItsTokensExpired() {
        String oldKid = keys.signingKey().kid();
        keys.rotate();
        try {
            keys.eraseSpent(Instant.now());
            assertNotNull(Db.scalar("SELECT private_key FROM signing_keys WHERE kid = ?", oldKid),
                    "retired just now: an instance may still sign with it until its next reload");
            // past the signing grace (publish delay plus two reload intervals)
            Db.exec("UPDATE signing_keys SET retired_at = now() - interval '10 minutes' WHERE kid = ?", oldKid);
            keys.eraseSpent(Instant.now());
            assertNull(Db.scalar("SELECT private_key FROM signing_keys WHERE kid = ?", oldKid));
            assertNotNull(Db.scalar("SELECT public_key FROM signing_keys WHERE kid = ?", oldKid));
            assertTrue(jwksKids().contains(oldKid), "still verifies the tokens it signed");
            assertNotEquals(oldKid, keys.signingKey().kid());
            assertNotNull(keys.signingKey().privateKey());
            // every token it signed has expired
            Db.exec("UPDATE signing_keys SET verify_until = now() - interval '1 second' WHERE kid = ?", oldKid);
            keys.eraseSpent(Instant.now());
            assertEquals(0L, Db.count("SELECT count(*) FROM signing_keys WHERE kid = ?", oldKid));
            assertFalse(jwksKids().contains(oldKid));
        } finally {
            keys.refresh();
        }
    }

    @Test
    void aKidTheSnapshotLacksIsRefusedWithoutReadingTheDatabase() throws Exception {
        Api.Account a = Api.newOwner();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String kid = "test-" + UUID.randomUUID();
        // a key another instance could just have created: in the table, not yet in this instance's snapshot
        Db.exec("INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at) VALUES (?, 'RS256', ?, ?, now())",
                kid, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        try {
            Map<String, Object> c = JsonPath.from(Tokens.payload(a.accessToken())).getMap("");
            JwtClaimsBuilder b = Jwt.claims();
            c.forEach((k, v) -> b.claim(k, v instanceof Integer i ? Long.valueOf(i) : v));
            String token = b.jws().keyId(kid).algorithm(SignatureAlgorithm.RS256).sign(pair.getPrivate());
            Api.me(token).then().statusCode(401);
            Api.me(token).then().statusCode(401);
            keys.refresh(); // the background reload: from now on the key is known here
            Api.me(token).then().statusCode(200);
        } finally {
            Db.exec("DELETE FROM signing_keys WHERE kid = ?", kid);
            keys.refresh();
        }
    }

    private List<Object> jwksKids() {
        return keys.publishedJwks(Instant.now()).stream().map(j -> j.get("kid")).toList();
    }
}
