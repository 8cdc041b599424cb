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
import java.util.List;
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

    Mail mail();

    Email email();

    Mfa mfa();

    OAuth oauth();

    /** The OAuth 2.0 / OpenID Connect front door: code and browser-session lifetimes. */
    interface OAuth {
        /** How long an authorization code may wait for its exchange (RFC 6749 §4.1.2 recommends at most 10 minutes). */
        @WithName("code-ttl")
        @WithDefault("60s")
        @DurationMin(seconds = 1)
        Duration codeTtl();

        /**
         * How long the hosted login page's browser session lets a next authorize for the same
         * tenant skip the password (its cookie lives as long).
         */
        @WithName("browser-session-ttl")
        @WithDefault("12h")
        @DurationMin(seconds = 1)
        Duration browserSessionTtl();
    }

    /** Multi-factor authentication: the key that encrypts TOTP secrets, the mfa_token's life and tries. */
    interface Mfa {
        /**
         * The current key for TOTP secrets (AES-256-GCM) and recovery-code hashes (HMAC-SHA-256,
         * derived from it): {@code <key id>:<32 bytes, base64>}, for instance
         * {@code 2026-12:3q2+7w…=} ({@code openssl rand -base64 32}). New secrets use it. Unset:
         * MFA answers 503 and a warning is logged at start (see README, design notes).
         */
        Optional<@Pattern(regexp = "[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/=_-]{43,44}",
                message = "must be <key id>:<32 bytes in base64>") String> key();

        /**
         * Earlier keys, same form, comma-separated: they still decrypt the secrets and check the
         * recovery codes stored under them (a secret is re-encrypted under {@code key} when it is
         * next used). Drop a key once no row names it ({@code SELECT key_id, count(*) FROM mfa_totp GROUP BY 1}).
         */
        @WithName("previous-keys")
        Optional<List<@Pattern(regexp = "[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/=_-]{43,44}",
                message = "must be <key id>:<32 bytes in base64>") String>> previousKeys();

        /** The issuer shown by authenticator apps (the {@code otpauth_uri}'s label and issuer). */
        @WithName("issuer-name")
        @WithDefault("tenant-auth")
        @NotBlank
        String issuerName();

        /** How long an mfa_token (login, enrollment, step-up) stays valid. */
        @WithName("token-ttl")
        @WithDefault("5m")
        @DurationMin(seconds = 1)
        Duration tokenTtl();

        /** Codes evaluated per mfa_token at most; then it is dead and the login starts again. */
        @WithName("max-attempts-per-token")
        @WithDefault("5")
        @Min(1)
        @Max(100)
        int maxAttemptsPerToken();
    }

    /** Delivery of mail through the outbox: links, subjects, and the sender's pace and retries. */
    interface Mail {
        /** Link in a verification or change-of-address mail; {@code {token}} is replaced by the token. */
        @WithName("link.verify")
        @WithDefault("http://localhost:8080/verify-email?token={token}")
        @Pattern(regexp = "https?://\\S*\\{token\\}\\S*", message = "must be an http(s) URL containing {token}")
        String verifyLink();

        /** Link in a password reset mail; {@code {token}} is replaced by the token. */
        @WithName("link.reset")
        @WithDefault("http://localhost:8080/reset-password?token={token}")
        @Pattern(regexp = "https?://\\S*\\{token\\}\\S*", message = "must be an http(s) URL containing {token}")
        String resetLink();

        /** Link in an invitation mail; {@code {token}} is replaced by the token. */
        @WithName("link.invitation")
        @WithDefault("http://localhost:8080/accept-invitation?token={token}")
        @Pattern(regexp = "https?://\\S*\\{token\\}\\S*", message = "must be an http(s) URL containing {token}")
        String invitationLink();

        /** Subject of the verification mail. */
        @WithName("subject.verify")
        @WithDefault("Confirm your email address")
        @NotBlank
        String subjectVerify();

        /** Subject of the password reset mail. */
        @WithName("subject.reset")
        @WithDefault("Reset your password")
        @NotBlank
        String subjectReset();

        /** Subject of the notice sent after a password reset. */
        @WithName("subject.reset-notice")
        @WithDefault("Your password was reset")
        @NotBlank
        String subjectResetNotice();

        /** Subject of the confirmation mail sent to a new address. */
        @WithName("subject.change-confirm")
        @WithDefault("Confirm your new email address")
        @NotBlank
        String subjectChangeConfirm();

        /** Subject of the notice sent to the old address when a change of address is requested. */
        @WithName("subject.change-notice")
        @WithDefault("A change of your email address was requested")
        @NotBlank
        String subjectChangeNotice();

        /** Subject of an invitation mail. */
        @WithName("subject.invitation")
        @WithDefault("You are invited to join a tenant")
        @NotBlank
        String subjectInvitation();

        /** How often each instance looks for due mail in the outbox. */
        @WithName("poll-interval")
        @WithDefault("1s")
        String pollInterval();

        /** Rows one instance claims at a time. */
        @WithName("batch-size")
        @WithDefault("20")
        @Min(1)
        @Max(1000)
        int batchSize();

        /**
         * How long a claimed row belongs to the instance that claimed it; if that instance dies
         * before marking the row sent, another one takes it after this. Keep it well above the
         * SMTP timeouts ({@code quarkus.mailer.timeout}), or a slow delivery may be sent twice.
         */
        @WithDefault("2m")
        @DurationMin(seconds = 1)
        Duration lease();

        /** Delivery attempts before a mail is parked as failed (with its last error). */
        @WithName("max-attempts")
        @WithDefault("10")
        @Min(1)
        int maxAttempts();

        /** Wait before the first retry; doubled at each further failure, up to {@code retry-cap}. */
        @WithName("retry-base")
        @WithDefault("10s")
        @DurationMin(millis = 1)
        Duration retryBase();

        /** The longest wait between two attempts. */
        @WithName("retry-cap")
        @WithDefault("30m")
        @DurationMin(millis = 1)
        Duration retryCap();
    }

    /** Email verification, password reset and change of address: lifetimes and request limits. */
    interface Email {
        /** How long a verification (or change-of-address) token stays valid, from its mail's delivery. */
        @WithName("verification-ttl")
        @WithDefault("24h")
        @DurationMin(seconds = 1)
        Duration verificationTtl();

        /** How long a password reset token stays valid, from its mail's delivery. */
        @WithName("reset-ttl")
        @WithDefault("30m")
        @DurationMin(seconds = 1)
        Duration resetTtl();

        /** Reset, verification and change requests for one email within the window before 429. */
        @WithName("max-requests-per-email")
        @WithDefault("5")
        @Min(1)
        int maxRequestsPerEmail();

        /** Reset, verification and change requests from one client address within the window before 429. */
        @WithName("max-requests-per-address")
        @WithDefault("50")
        @Min(1)
        int maxRequestsPerAddress();

        /** The sliding window of both request counts. */
        @WithName("request-window")
        @WithDefault("1h")
        @DurationMin(seconds = 1)
        Duration requestWindow();

        /** Token confirmations (verification and reset) from one client address within the window before 429. */
        @WithName("max-confirms-per-address")
        @WithDefault("30")
        @Min(1)
        int maxConfirmsPerAddress();

        /** The sliding window of the confirmation count. */
        @WithName("confirm-window")
        @WithDefault("15m")
        @DurationMin(seconds = 1)
        Duration confirmWindow();
    }

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

        /**
         * {@code false} (default): the invitation is mailed to the invitee and its token appears in
         * no answer. {@code true}: the token is in the 201 answer and nothing is mailed, for
         * deployments that deliver invitations themselves.
         */
        @WithName("return-token")
        @WithDefault("false")
        boolean returnToken();
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
         * Which Argon2id computes the hashes: {@code auto} (libargon2 through the foreign-function
         * API when it loads and agrees with BouncyCastle on a test hash at start, BouncyCastle
         * otherwise), {@code native} (libargon2 or the service does not start), {@code java}
         * (BouncyCastle). Both give the same hashes, so this can change at any time.
         */
        @WithName("argon2.implementation")
        @WithDefault("auto")
        Implementation implementation();

        /** The libargon2 to load: a name the dynamic linker resolves, or a path. */
        @WithName("argon2.native-library")
        @WithDefault("libargon2.so.1")
        String nativeLibrary();

        enum Implementation {
            AUTO, NATIVE, JAVA
        }

        /**
         * Hashes computed at once at most; bounds memory (each takes memory-kib) and CPU. 0 = the
         * number of CPUs less one (at least one), so a login flood always leaves a core to the rest,
         * and, with BouncyCastle (whose hashes live on the Java heap), no more than the heap holds:
         * (max heap − 64 MiB) / (2 × memory-kib), at least one. libargon2's memory is native: one
         * segment of memory-kib per permit, kept for the next hash.
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

        /**
         * How long a client address stays known for an email after a successful login from it.
         * While the email is locked by failures, attempts from a known address are still evaluated,
         * counted per (email, address) against max-failures-per-email.
         */
        @WithName("known-address-ttl")
        @WithDefault("30d")
        @DurationMin(seconds = 1)
        Duration knownAddressTtl();
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
