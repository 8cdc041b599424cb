package dev.tenantauth.config;

/**
 * The signature algorithms a generated signing key may use. An enum, so a typo in
 * {@code tenant-auth.token.algorithm} stops the start instead of failing the next key rotation.
 */
public enum SigningAlgorithm {
    /** RSA 2048 with SHA-256: cheap to verify (every request, every resource server). */
    RS256,
    /** ECDSA P-256 with SHA-256: cheap to sign, ~9x dearer to verify. */
    ES256
}
