package dev.tenantauth.token;

import dev.tenantauth.common.Instants;
import dev.tenantauth.config.AuthConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The service's own signing keys. With no key configured, the first instance to start generates
 * one and stores it in PostgreSQL (under a transaction-scoped advisory lock, so instances starting
 * together end with one key); all instances then sign with it. A configured PEM key pair
 * overrides it for signing; keys in the table keep verifying until their {@code verify_until}.
 *
 * <p>Every instance holds the keys in an in-memory snapshot, re-read only in the background
 * ({@code key-reload-interval}): a token with a kid the snapshot lacks is refused at once, so
 * forged kids cost nothing and never queue on the database. A retired key's private part is
 * erased once no instance can still sign with it, and the key is deleted once no token it signed
 * can still be valid.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    /** Advisory lock id for key creation and rotation ("tenant-auth keys"). */
    private static final long KEY_LOCK = 0x7461_6b65_7973L;

    private record Snapshot(SigningKey signing, Map<String, SigningKey> byKid) {}

    private final EntityManager em;
    private final AuthConfig config;
    private volatile Snapshot snapshot;

    SigningKeys(EntityManager em, AuthConfig config) {
        this.em = em;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        ensureSigningKey();
        reload();
        AuthConfig.Token t = config.token();
        if (t.keyPublishDelay().compareTo(t.keyReloadInterval()) < 0) {
            LOG.warnf("tenant-auth.token.key-publish-delay (%s) is shorter than key-reload-interval (%s): with several"
                    + " instances, tokens signed with a new key are refused elsewhere until the next reload",
                    t.keyPublishDelay(), t.keyReloadInterval());
        }
    }

    /** The key that signs new access tokens. */
    public SigningKey signingKey() {
        return current().signing();
    }

    /** The key for a token's {@code kid}, from the in-memory snapshot only; an unknown kid is empty. */
    public Optional<SigningKey> verificationKey(String kid, Instant now) {
        return Optional.ofNullable(current().byKid().get(kid)).filter(x -> x.canVerifyAt(now));
    }

    /** Every key that may still verify a live token, as public JWKs. */
    public List<Map<String, Object>> publishedJwks(Instant now) {
        return current().byKid().values().stream().filter(k -> k.canVerifyAt(now)).map(SigningKey::jwk).toList();
    }

    /** Re-reads the keys from the database (another instance may have rotated them). */
    public void refresh() {
        reload();
    }

    /**
     * Every instance re-reads the keys every {@code key-reload-interval} in the background, so it
     * sees another instance's rotation within that time; since instances sign with a new key only
     * once it is {@code key-publish-delay} old, every instance knows it before meeting it. Never on
     * the request path: a reload there needs a pool connection of its own, which a request that
     * already holds one may wait for until the pool's acquisition timeout when every connection
     * is taken by such requests, and an unknown kid must not make anyone wait.
     */
    @Scheduled(every = "${tenant-auth.token.key-reload-interval:30s}", delayed = "${tenant-auth.token.key-reload-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reloadInBackground() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warnf("Signing keys not re-read, keeping the ones loaded before: %s", e.getMessage());
        }
    }

    /** The snapshot; loaded at start, so a first read here happens only before start-up ends. */
    private Snapshot current() {
        Snapshot s = snapshot;
        return s != null ? s : reload();
    }

    /**
     * Erases the private part of retired keys that no instance can sign with any more (retired
     * longer ago than the publish delay plus two reload intervals), and deletes keys past their
     * {@code verify_until} (every token they signed has expired), which leaves the JWKS with them.
     * Idempotent; any instance may run it. Returns {erased, deleted}.
     */
    public int[] eraseSpent(Instant now) {
        Instant unusedSince = now.minus(signingGrace());
        int[] done = QuarkusTransaction.requiringNew().call(() -> new int[] {
            em.createNativeQuery("UPDATE signing_keys SET private_key = NULL"
                            + " WHERE private_key IS NOT NULL AND retired_at IS NOT NULL AND retired_at < ?1")
                    .setParameter(1, Timestamp.from(unusedSince))
                    .executeUpdate(),
            em.createNativeQuery("DELETE FROM signing_keys WHERE verify_until IS NOT NULL AND verify_until < ?1")
                    .setParameter(1, Timestamp.from(now))
                    .executeUpdate()});
        if (done[0] + done[1] > 0) {
            LOG.infof("Signing keys: erased the private part of %d retired key(s), deleted %d expired key(s)", done[0], done[1]);
            reload();
        }
        return done;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void eraseSpentInBackground() {
        try {
            eraseSpent(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Spent signing keys not erased this time: %s", e.getMessage());
        }
    }

    /**
     * How long after its retirement an instance may still sign with a key: until the new key is
     * {@code key-publish-delay} old, plus one background reload to notice, twice over.
     */
    private Duration signingGrace() {
        return config.token().keyPublishDelay().plus(config.token().keyReloadInterval().multipliedBy(2));
    }

    /** Creates the first key when the table holds no active one, under a transaction-scoped advisory lock. */
    public void ensureSigningKey() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, KEY_LOCK).getSingleResult();
            Number active = (Number) em.createNativeQuery("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL")
                    .getSingleResult();
            if (active.longValue() == 0) {
                insertNewKey(Instant.now());
            }
        });
    }

    /**
     * Introduces a new signing key. It is published in the JWKS at once, and every instance
     * signs with it once it is {@code key-publish-delay} old, so resource servers can learn it
     * before they meet it. The previous keys stop signing then, and keep verifying for one more
     * access-token lifetime (plus clock skew and the reload interval). Returns the new kid.
     */
    public String rotate() {
        return rotateIfOlderThan(Duration.ZERO).orElseThrow();
    }

    /**
     * Rotates when the newest key is at least {@code age} old (checked under the advisory lock,
     * so instances running the schedule together rotate once). Returns the new kid, if any.
     */
    public Optional<String> rotateIfOlderThan(Duration age) {
        Optional<String> kid = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, KEY_LOCK).getSingleResult();
            Instant now = Instant.now();
            Object newest = em.createNativeQuery("SELECT max(created_at) FROM signing_keys WHERE retired_at IS NULL")
                    .getSingleResult();
            if (newest != null && !age.isZero() && Instants.of(newest).plus(age).isAfter(now)) {
                return Optional.<String>empty();
            }
            Instant until = now.plus(signingGrace())
                    .plus(config.token().accessTtl())
                    .plus(config.token().clockSkew());
            em.createNativeQuery("UPDATE signing_keys SET retired_at = ?1, verify_until = ?2 WHERE retired_at IS NULL")
                    .setParameter(1, Timestamp.from(now))
                    .setParameter(2, Timestamp.from(until))
                    .executeUpdate();
            return Optional.of(insertNewKey(now));
        });
        kid.ifPresent(k -> reload());
        return kid;
    }

    private String insertNewKey(Instant now) {
        SignatureAlgorithm alg = SignatureAlgorithm.fromAlgorithm(config.token().algorithm().name());
        KeyPair pair = generate(alg);
        String kid = thumbprint(pair.getPublic());
        em.createNativeQuery("INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, kid)
                .setParameter(2, alg.getAlgorithm())
                .setParameter(3, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))
                .setParameter(4, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))
                .setParameter(5, Timestamp.from(now))
                .executeUpdate();
        LOG.infof("Generated a new %s signing key, kid %s", alg.getAlgorithm(), kid);
        return kid;
    }

    @SuppressWarnings("unchecked")
    private synchronized Snapshot reload() {
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT kid, algorithm, public_key, private_key, created_at, verify_until FROM signing_keys"
                                + " WHERE verify_until IS NULL OR verify_until > now() ORDER BY created_at DESC")
                .getResultList());
        Map<String, SigningKey> byKid = new LinkedHashMap<>();
        SigningKey signing = null;
        SigningKey newest = null;
        Instant publishedBefore = Instant.now().minus(config.token().keyPublishDelay());
        for (Object[] r : rows) {
            SignatureAlgorithm alg = SignatureAlgorithm.fromAlgorithm((String) r[1]);
            PublicKey pub = decodePublic(alg, Base64.getDecoder().decode((String) r[2]));
            PrivateKey priv = r[3] == null ? null : decodePrivate(alg, Base64.getDecoder().decode((String) r[3]));
            Instant until = r[5] == null ? null : Instants.of(r[5]);
            SigningKey key = new SigningKey((String) r[0], alg, pub, priv, until, jwk(pub, (String) r[0], alg));
            byKid.put(key.kid(), key);
            newest = newest == null && priv != null ? key : newest;
            if (signing == null && priv != null && !Instants.of(r[4]).isAfter(publishedBefore)) {
                signing = key; // the newest key that every instance has published for a while
            }
        }
        if (signing == null) {
            signing = newest; // the very first key: nobody can have cached a JWKS without it
        }
        Optional<SigningKey> configured = configuredKey();
        if (configured.isPresent()) {
            signing = configured.get();
            byKid.put(signing.kid(), signing);
        }
        if (signing == null) {
            throw new IllegalStateException("no active signing key in signing_keys");
        }
        Snapshot s = new Snapshot(signing, byKid);
        snapshot = s;
        return s;
    }

    private Optional<SigningKey> configuredKey() {
        AuthConfig.Token t = config.token();
        if (t.privatePem().isEmpty() || t.publicPem().isEmpty()) {
            return Optional.empty();
        }
        byte[] pubDer = pem(t.publicPem().get());
        byte[] privDer = pem(t.privatePem().get());
        SignatureAlgorithm alg;
        PublicKey pub;
        try {
            pub = decodePublic(SignatureAlgorithm.ES256, pubDer);
            alg = SignatureAlgorithm.ES256;
        } catch (IllegalStateException notEc) {
            pub = decodePublic(SignatureAlgorithm.RS256, pubDer);
            alg = SignatureAlgorithm.RS256;
        }
        PrivateKey priv = decodePrivate(alg, privDer);
        String kid = thumbprint(pub);
        return Optional.of(new SigningKey(kid, alg, pub, priv, null, jwk(pub, kid, alg)));
    }

    private static byte[] pem(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static KeyPair generate(SignatureAlgorithm alg) {
        try {
            if (alg == SignatureAlgorithm.ES256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            }
            if (alg == SignatureAlgorithm.RS256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
        throw new IllegalStateException("unsupported signing algorithm " + alg + " (ES256 or RS256)");
    }

    private static String keyType(SignatureAlgorithm alg) {
        return alg == SignatureAlgorithm.ES256 ? "EC" : "RSA";
    }

    private static PublicKey decodePublic(SignatureAlgorithm alg, byte[] der) {
        try {
            PublicKey k = KeyFactory.getInstance(keyType(alg)).generatePublic(new X509EncodedKeySpec(der));
            if (alg == SignatureAlgorithm.ES256 && !(k instanceof ECPublicKey)) {
                throw new IllegalStateException("not an EC key");
            }
            return k;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read a public key", e);
        }
    }

    private static PrivateKey decodePrivate(SignatureAlgorithm alg, byte[] der) {
        try {
            return KeyFactory.getInstance(keyType(alg)).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read a private key", e);
        }
    }

    /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key: a stable, unique kid. */
    private static String thumbprint(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> jwk(PublicKey key, String kid, SignatureAlgorithm alg) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(alg.getAlgorithm());
            return new LinkedHashMap<>(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
