package dev.tenantauth.config;

import dev.tenantauth.invitation.Invitation;
import dev.tenantauth.ops.Cleanup;
import dev.tenantauth.session.Session;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Every {@code tenant-auth.*} setting, with its default. Validated at start (Hibernate Validator
 * constraints on the mapping): a value out of range, a malformed URL or an unknown algorithm
 * stops the start with a message that names the key.
 */
@ConfigMapping(prefix = "tenant-auth")
public interface AuthConfig {

    /** The issuer URL: the {@code iss} of every token and the {@code issuer} of the discovery document. */
    @WithDefault("http://localhost:8080")
    @Pattern(regexp = "https?://[^\\s/?#]+(/[^\\s?#]*)?", message = "must be an http(s) URL without query or fragment")
    String issuer();

    /** The {@code aud} of every access token, and the only audience accepted. */
    @WithDefault("tenant-auth")
    @NotBlank
    String audience();

    Token token();

    Session session();

    Password password();

    Login login();

    Signup signup();

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

        /** Audit events are kept this long, then deleted by the cleanup job. */
        @WithName("audit-retention")
        @WithDefault("365d")
        @DurationMin(days = 1)
        Duration auditRetention();

        /** Rows deleted per statement: small batches keep every lock short. */
        @WithName("batch-size")
        @WithDefault("1000")
        @Min(1)
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
        @DurationMin(seconds = 1)
        Duration ttl();
    }

    interface Token {
        /** Lifetime of an access token. */
        @WithName("access-ttl")
        @WithDefault("900s")
        @DurationMin(seconds = 1)
        Duration accessTtl();

        /**
         * Signature algorithm of newly generated signing keys: RS256 (default; verification, done
         * on every request here and by every resource server, is ~9x cheaper than ES256) or ES256.
         */
        @WithDefault("RS256")
        SigningAlgorithm algorithm();

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
        @DurationMin(seconds = 0)
        Duration keyPublishDelay();

        /**
         * How often every instance re-reads the signing keys in the background (the only reader:
         * a token with an unknown kid is refused from memory). Keep it below key-publish-delay, so
         * every instance knows a new key before any instance signs with it.
         */
        @WithName("key-reload-interval")
        @WithDefault("30s")
        @DurationMin(seconds = 1)
        Duration keyReloadInterval();

        /** Rotate the signing key automatically once it is this old ({@code 0s}: never). */
        @WithName("rotation-interval")
        @WithDefault("30d")
        @DurationMin(seconds = 0)
        Duration rotationInterval();

        /** Clock skew tolerated when verifying {@code exp} and {@code iat}. */
        @WithName("clock-skew")
        @WithDefault("30s")
        @DurationMin(seconds = 0)
        @DurationMax(minutes = 10)
        Duration clockSkew();

        /**
         * How many verified access tokens to remember (exact token string -> claims), so a token
         * used again skips the signature math; expiry and the signing key's validity are still
         * checked on every use, and the database check always runs. {@code 0} turns it off.
         */
        @WithName("verified-cache-size")
        @WithDefault("10000")
        @Min(0)
        int verifiedCacheSize();
    }

    interface Session {
        /** Idle lifetime: a refresh token expires this long after it was issued (rotation renews it). */
        @WithName("idle-ttl")
        @WithDefault("30d")
        @DurationMin(seconds = 1)
        Duration idleTtl();

        /** Absolute lifetime of a session, counted from login, whatever the refreshes. */
        @WithName("absolute-ttl")
        @WithDefault("90d")
        @DurationMin(seconds = 1)
        Duration absoluteTtl();

        /** Live sessions one user may have in one tenant; a new login or switch revokes the oldest beyond it. */
        @WithName("max-live-per-user-tenant")
        @WithDefault("50")
        @Min(1)
        int maxLivePerUserTenant();
    }

    interface Password {
        /** Argon2id memory cost in KiB (OWASP minimum: 19456 = 19 MiB). */
        @WithName("argon2.memory-kib")
        @WithDefault("19456")
        @Min(1024)
        @Max(4194304)
        int memoryKib();

        /** Argon2id iterations (OWASP minimum with 19 MiB: 2). */
        @WithName("argon2.iterations")
        @WithDefault("2")
        @Min(1)
        @Max(100)
        int iterations();

        /** Argon2id lanes. */
        @WithName("argon2.parallelism")
        @WithDefault("1")
        @Min(1)
        @Max(64)
        int parallelism();

        /**
         * Hashes computed at once at most; bounds memory (each takes memory-kib) and CPU. 0 = the
         * number of CPUs less one (at least one), so a login flood always leaves a core to the rest.
         */
        @WithName("max-concurrent-hashes")
        @WithDefault("0")
        @Min(0)
        int maxConcurrentHashes();

        /**
         * How long a login, signup or password change waits for a hashing permit; past it the
         * answer is 503 {@code unavailable} with Retry-After, and the worker thread is free again.
         */
        @WithName("max-wait")
        @WithDefault("2s")
        @DurationMin(millis = 0)
        Duration maxWait();
    }

    interface Login {
        /** Failed logins for one email within the window before 429. */
        @WithName("max-failures-per-email")
        @WithDefault("10")
        @Min(1)
        int maxFailuresPerEmail();

        /** Failed logins from one client address within the window before 429. */
        @WithName("max-failures-per-address")
        @WithDefault("100")
        @Min(1)
        int maxFailuresPerAddress();

        /** The sliding window over which failed logins are counted. */
        @WithName("failure-window")
        @WithDefault("15m")
        @DurationMin(seconds = 1)
        Duration failureWindow();
    }

    interface Signup {
        /** Signups from one client address within the window before 429 (each costs a hash). */
        @WithName("max-per-address")
        @WithDefault("20")
        @Min(1)
        int maxPerAddress();

        /** The sliding window over which signups per address are counted. */
        @WithDefault("1h")
        @DurationMin(seconds = 1)
        Duration window();
    }
}
