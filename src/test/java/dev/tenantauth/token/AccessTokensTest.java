package dev.tenantauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.common.Role;
import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache never answers what a full verification would refuse: a remembered
 * token is still checked for expiry, issue time and its key's validity on every use.
 */
@QuarkusTest
class AccessTokensTest {

    @Inject
    AccessTokens tokens;

    @Inject
    SigningKeys keys;

    private AccessTokens.Signed sign(Instant at) {
        return tokens.sign(UUID.randomUUID(), UUID.randomUUID(), "acme", Role.MEMBER, UUID.randomUUID(), false, java.util.List.of("pwd"), at);
    }

    @Test
    void aRememberedTokenStillExpires() {
        Instant now = Instant.now();
        AccessTokens.Signed t = sign(now);
        Optional<AccessTokens.Claims> first = tokens.verify(t.token(), now);
        assertTrue(first.isPresent());
        assertEquals(first, tokens.verify(t.token(), now), "second use answers the same claims");
        // 900 s lifetime + 30 s skew: at 931 s the token is dead, remembered or not
        assertTrue(tokens.verify(t.token(), now.plusSeconds(t.expiresIn() + 31)).isEmpty());
        assertTrue(tokens.verify(t.token(), now.plusSeconds(t.expiresIn() + 25)).isPresent(), "within the skew");
    }

    @Test
    void aRememberedTokenDiesWithItsKey() {
        Instant now = Instant.now();
        AccessTokens.Signed t = sign(now);
        assertTrue(tokens.verify(t.token(), now).isPresent());
        String kid = keys.signingKey().kid();
        keys.rotate(); // a new key signs from now on; the old one verifies until its tokens expire
        assertTrue(tokens.verify(t.token(), now).isPresent(), "rotation keeps the old key verifying");
        // the old key's verification window ends (as it does once its last token expired)
        Db.exec("UPDATE signing_keys SET verify_until = now() - interval '1 second' WHERE kid = ?", kid);
        keys.refresh();
        assertTrue(tokens.verify(t.token(), now).isEmpty(), "key no longer verifies: refused although remembered");
    }

    @Test
    void onlyTheExactStringIsRemembered() {
        Instant now = Instant.now();
        AccessTokens.Signed t = sign(now);
        assertTrue(tokens.verify(t.token(), now).isPresent());
        String s = t.token();
        int dot = s.lastIndexOf('.');
        // a character inside the signature (the last one carries padding bits and may decode the same)
        int at = dot + 10;
        String tampered = s.substring(0, at) + (s.charAt(at) == 'A' ? 'B' : 'A') + s.substring(at + 1);
        assertTrue(tokens.verify(tampered, now).isEmpty());
        String other = sign(now).token();
        String otherSignature = s.substring(0, dot + 1) + other.substring(other.lastIndexOf('.') + 1);
        assertTrue(tokens.verify(otherSignature, now).isEmpty(), "same header and claims, another token's signature");
    }

    @Test
    void aTokenFromTheFutureIsNotRemembered() {
        Instant now = Instant.now();
        AccessTokens.Signed t = sign(now.plusSeconds(120));
        assertTrue(tokens.verify(t.token(), now).isEmpty());
        assertTrue(tokens.verify(t.token(), now).isEmpty());
        assertTrue(tokens.verify(t.token(), now.plusSeconds(120)).isPresent(), "valid once its time has come");
    }
}
