package dev.tenantauth.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Parsing of stored Argon2id PHC strings: anything odd never verifies (plain JUnit). */
class PhcTest {

    static final String SALT = Base64.getEncoder().withoutPadding().encodeToString(new byte[16]);
    static final String HASH = Base64.getEncoder().withoutPadding().encodeToString(new byte[32]);

    @Test
    void parsesTheParametersSaltAndHash() {
        PasswordHasher.Phc p = PasswordHasher.Phc.parse("$argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH);
        assertEquals(19456, p.m());
        assertEquals(2, p.t());
        assertEquals(1, p.p());
        assertArrayEquals(new byte[16], p.salt());
        assertArrayEquals(new byte[32], p.hash());
    }

    @Test
    void parameterOrderDoesNotMatter() {
        assertEquals(7, PasswordHasher.Phc.parse("$argon2id$v=19$p=1,t=7,m=4096$" + SALT + "$" + HASH).t());
    }

    @Test
    void anythingElseIsNull() {
        for (String bad : new String[] {
            null, "", "plain", "$argon2i$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH,
            "$argon2id$v=16$m=19456,t=2,p=1$" + SALT + "$" + HASH,
            "$argon2id$v=19$m=19456,t=2$" + SALT + "$" + HASH + "$extra",
            "$argon2id$v=19$m=19456,t=2,p=1,x=3$" + SALT + "$" + HASH,
            "$argon2id$v=19$m=4,t=2,p=1$" + SALT + "$" + HASH,
            "$argon2id$v=19$m=19456,t=0,p=1$" + SALT + "$" + HASH,
            "$argon2id$v=19$m=abc,t=2,p=1$" + SALT + "$" + HASH,
            "$argon2id$v=19$m=19456,t=2,p=1$" + "AAAA" + "$" + HASH,
            "$argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + "AAAA",
            "$argon2id$v=19$m=19456,t=2,p=1$!!$" + HASH}) {
            assertNull(PasswordHasher.Phc.parse(bad), String.valueOf(bad));
        }
    }
}
