package dev.tenantauth.token;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;

/**
 * One signing key: {@code privateKey} is null for a key that only verifies (retired, or the
 * configured key's predecessors). {@code jwk} is its public JWK as published in the JWKS.
 */
public record SigningKey(String kid, SignatureAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey,
        Instant verifyUntil, Map<String, Object> jwk) {

    public boolean canVerifyAt(Instant now) {
        return verifyUntil == null || now.isBefore(verifyUntil);
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", " + algorithm + "]";
    }
}
