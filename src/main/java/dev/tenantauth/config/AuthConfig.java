package dev.tenantauth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Every {@code tenant-auth.*} setting, with its default. */
@ConfigMapping(prefix = "tenant-auth")
public interface AuthConfig {

    /** The issuer URL: the {@code iss} of every token and the {@code issuer} of the discovery document. */
    @WithDefault("http://localhost:8080")
    String issuer();

    /** The {@code aud} of every access token, and the only audience accepted. */
    @WithDefault("tenant-auth")
    String audience();

    Token token();

    Session session();

    Password password();

    Login login();

    Invitation invitation();

    Cleanup cleanup();

    Admin admin();

    interface Cleanup {
        /** How often the cleanup job runs (one instance at a time). */
        @WithDefault("10m")
        String every();

        /** Expired or revoked sessions, tokens and spent invitations are kept this long, then deleted. */
        @WithDefault("7d")
        Duration retention();

        /** Rows deleted per statement: small batches keep every lock short. */
        @WithName("batch-size")
        @WithDefault("1000")
        int batchSize();
    }

    interface Admin {
        /**
         * Operator token for the /v1/admin endpoints (key rotation), sent as
         * {@code Authorization: Bearer <token>}; unset disables them (404).
         */
        Optional<String> token();
    }

    interface Invitation {
        /** How long an invitation token stays valid. */
        @WithDefault("7d")
        Duration ttl();
    }

    interface Token {
        /** Lifetime of an access token. */
        @WithName("access-ttl")
        @WithDefault("900s")
        Duration accessTtl();

        /**
         * Signature algorithm of newly generated signing keys: RS256 (default; verification, done
         * on every request here and by every resource server, is ~9x cheaper than ES256) or ES256.
         */
        @WithDefault("RS256")
        String algorithm();

        /** A PKCS#8 PEM private key to sign with instead of the generated key in the database. */
        @WithName("signing-key.private-pem")
        Optional<String> privatePem();

        /** The X.509 (SubjectPublicKeyInfo) PEM public key that goes with {@code signing-key.private-pem}. */
        @WithName("signing-key.public-pem")
        Optional<String> publicPem();

        /**
         * How long a new signing key is only published in the JWKS before instances sign with it,
         * so resource servers with a cached JWKS find it when they refetch on an unknown kid.
         */
        @WithName("key-publish-delay")
        @WithDefault("60s")
        Duration keyPublishDelay();

        /** Rotate the signing key automatically once it is this old ({@code 0s}: never). */
        @WithName("rotation-interval")
        @WithDefault("30d")
        Duration rotationInterval();

        /** Clock skew tolerated when verifying {@code exp} and {@code iat}. */
        @WithName("clock-skew")
        @WithDefault("30s")
        Duration clockSkew();

        /**
         * How many verified access tokens to remember (exact token string -> claims), so a token
         * used again skips the signature math; expiry and the signing key's validity are still
         * checked on every use, and the database check always runs. {@code 0} turns it off.
         */
        @WithName("verified-cache-size")
        @WithDefault("10000")
        int verifiedCacheSize();
    }

    interface Session {
        /** Idle lifetime: a refresh token expires this long after it was issued (rotation renews it). */
        @WithName("idle-ttl")
        @WithDefault("30d")
        Duration idleTtl();

        /** Absolute lifetime of a session, counted from login, whatever the refreshes. */
        @WithName("absolute-ttl")
        @WithDefault("90d")
        Duration absoluteTtl();
    }

    interface Password {
        /** Argon2id memory cost in KiB (OWASP minimum: 19456 = 19 MiB). */
        @WithName("argon2.memory-kib")
        @WithDefault("19456")
        int memoryKib();

        /** Argon2id iterations (OWASP minimum with 19 MiB: 2). */
        @WithName("argon2.iterations")
        @WithDefault("2")
        int iterations();

        /** Argon2id lanes. */
        @WithName("argon2.parallelism")
        @WithDefault("1")
        int parallelism();

        /** Hashes computed at once at most; bounds memory (each takes memory-kib). 0 = number of CPUs. */
        @WithName("max-concurrent-hashes")
        @WithDefault("0")
        int maxConcurrentHashes();
    }

    interface Login {
        /** Failed logins for one email within the window before 429. */
        @WithName("max-failures-per-email")
        @WithDefault("10")
        int maxFailuresPerEmail();

        /** Failed logins from one client address within the window before 429. */
        @WithName("max-failures-per-address")
        @WithDefault("100")
        int maxFailuresPerAddress();

        /** The sliding window over which failed logins are counted. */
        @WithName("failure-window")
        @WithDefault("15m")
        Duration failureWindow();
    }
}
