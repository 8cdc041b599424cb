package dev.tenantauth.mfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The configured keys: none means 503 for MFA, never an unsealed secret; previous keys still open. */
class MfaKeysTest {

    static AuthConfig config(Optional<String> key, Optional<List<String>> previous) {
        AuthConfig.Mfa mfa = (AuthConfig.Mfa) Proxy.newProxyInstance(AuthConfig.Mfa.class.getClassLoader(),
                new Class<?>[] {AuthConfig.Mfa.class}, (p, m, a) -> switch (m.getName()) {
                    case "key" -> key;
                    case "previousKeys" -> previous;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] {AuthConfig.class},
                (p, m, a) -> {
                    if (m.getName().equals("mfa")) {
                        return mfa;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void withoutAKeyEveryMfaOperationAnswers503() {
        MfaKeys keys = new MfaKeys(config(Optional.empty(), Optional.empty()));
        ProblemException e = assertThrows(ProblemException.class, keys::box);
        assertEquals(503, e.status());
        assertEquals("unavailable", e.code());
    }

    @Test
    void aRotatedConfigurationOpensWhatTheOldKeySealed() {
        String k1 = SecretBoxTest.key("k1");
        MfaKeys before = new MfaKeys(config(Optional.of(k1), Optional.empty()));
        UUID user = UUID.randomUUID();
        byte[] secret = Totp.newSecret();
        SecretBox.Sealed sealed = before.box().seal(user, secret);
        MfaKeys after = new MfaKeys(config(Optional.of(SecretBoxTest.key("k2")), Optional.of(List.of(k1))));
        assertEquals("k2", after.box().currentKeyId());
        assertArrayEquals(secret, after.box().open(user, sealed.keyId(), sealed.bytes()));
    }
}
