package dev.tenantauth.user;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Argon2id password hashing (libargon2 through the foreign-function API, or BouncyCastle: see
 * {@link #engine}), stored as a PHC string
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. A semaphore bounds how many hashes run
 * at once, since each holds {@code m} KiB of memory and a core; a caller waits for a permit at
 * most {@code tenant-auth.password.max-wait}, then gets 503 {@code unavailable} with Retry-After,
 * so a flood of logins or signups cannot pile up worker threads behind the permits.
 */
@ApplicationScoped
@Startup // the implementation is chosen, logged and (implementation=native) enforced at start, not at the first login
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private static final Logger LOG = Logger.getLogger(PasswordHasher.class);

    private final SecureRandom random = new SecureRandom();
    private final Argon2Engine engine;
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final Semaphore permits;
    private final long maxWaitNanos;
    private final Timer timer;
    private final Counter busy;
    /** A hash of a random password, verified against when the email is unknown (same cost). */
    private final String dummyHash;

    PasswordHasher(AuthConfig config, MeterRegistry registry) {
        AuthConfig.Password p = config.password();
        this.memoryKib = p.memoryKib();
        this.iterations = p.iterations();
        this.parallelism = p.parallelism();
        this.engine = engine(p.implementation(), p.nativeLibrary());
        // one core stays free for everything else (the per-request check above all): on 2 cores,
        // 64 logins against 2 permits took /v1/me's p50 to 2.2x idle, against 1 permit 1.3x, at the
        // same login rate on a loaded machine (bench/login-isolation)
        int max = p.maxConcurrentHashes() > 0 ? p.maxConcurrentHashes()
                : defaultPermits(Runtime.getRuntime().availableProcessors(),
                        engine.usesJavaHeap() ? Runtime.getRuntime().maxMemory() : Long.MAX_VALUE, p.memoryKib() * 1024L);
        this.permits = new Semaphore(max, true);
        this.maxWaitNanos = p.maxWait().toNanos();
        this.busy = Counter.builder("tenant_auth.password.busy")
                .description("Hashes refused with 503 because no permit was free within max-wait")
                .register(registry);
        this.timer = Timer.builder("tenant_auth.password.hash")
                .description("Time to compute one Argon2id hash (waiting for a permit excluded)")
                .tag("implementation", engine.name())
                .register(registry);
        LOG.infof("Argon2id: %s, m=%d KiB t=%d p=%d, %d hash(es) at once", engine.name(), memoryKib, iterations,
                parallelism, max);
        byte[] randomPassword = new byte[24];
        random.nextBytes(randomPassword);
        this.dummyHash = hash(B64.encodeToString(randomPassword));
    }

    /** A new PHC string for this password with the configured parameters and a random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = compute(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Verifies in constant time; a malformed stored hash never verifies. */
    public boolean verify(String password, String phc) {
        Phc parsed = Phc.parse(phc);
        if (parsed == null) {
            return false;
        }
        byte[] out = compute(password, parsed.salt, parsed.m, parsed.t, parsed.p, parsed.hash.length);
        return MessageDigest.isEqual(out, parsed.hash);
    }

    /** Spends the cost of one verification, for an unknown email, so timing tells nothing; always false. */
    public boolean verifyDummy(String password) {
        verify(password, dummyHash);
        return false;
    }

    /**
     * Waits about as long as one hash takes here (the mean of the hashes computed so far, 10 ms to
     * 1 s), without computing one and without a permit: for an answer that must not be told apart
     * from a hashing one by its time, at no CPU cost (a duplicate signup).
     */
    public void waitLikeAHash() {
        long count = timer.count();
        double meanMillis = count == 0 ? 50 : timer.totalTime(TimeUnit.MILLISECONDS) / count;
        try {
            Thread.sleep(Math.clamp(Math.round(meanMillis), 10L, 1000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when the stored hash was made with other parameters than the configured ones. */
    public boolean needsRehash(String phc) {
        Phc parsed = Phc.parse(phc);
        return parsed == null || parsed.m != memoryKib || parsed.t != iterations || parsed.p != parallelism
                || parsed.hash.length != HASH_BYTES;
    }

    private byte[] compute(String password, byte[] salt, int m, int t, int p, int length) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        acquirePermit();
        try {
            // the m KiB are taken inside the permit, or N waiting logins would hold N x m
            long start = System.nanoTime();
            byte[] out = engine.hash(pw, salt, m, t, p, length);
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return out;
        } finally {
            permits.release();
        }
    }

    /**
     * The Argon2id of this configuration. {@code auto}: libargon2 when it loads and gives the same
     * bytes as BouncyCastle on a small test hash, else BouncyCastle (logged, with the reason), so a
     * machine or image without the library still starts; {@code native}: libargon2 or no start.
     * The native executable always uses BouncyCastle: its build registers no foreign calls.
     */
    static Argon2Engine engine(AuthConfig.Password.Implementation implementation, String library) {
        if (implementation == AuthConfig.Password.Implementation.JAVA) {
            return new BouncyCastleArgon2();
        }
        String why;
        if (io.quarkus.runtime.ImageMode.current() == io.quarkus.runtime.ImageMode.NATIVE_RUN) {
            why = "not in the native executable";
        } else {
            try {
                NativeArgon2 engine = NativeArgon2.load(library);
                why = selfTest(engine);
                if (why == null) {
                    return engine;
                }
            } catch (Throwable e) { // no library, no symbol, no native access: UnsatisfiedLinkError, IllegalCallerException, ...
                why = e.toString();
            }
        }
        if (implementation == AuthConfig.Password.Implementation.NATIVE) {
            throw new IllegalStateException("tenant-auth.password.argon2.implementation=native, but libargon2 ("
                    + library + ") cannot be used: " + why);
        }
        LOG.infof("Argon2id: libargon2 (%s) not used, BouncyCastle instead: %s", library, why);
        return new BouncyCastleArgon2();
    }

    /** Null when the engine gives BouncyCastle's bytes on a small hash (64 KiB, 2 passes, 2 lanes); else why not. */
    static String selfTest(Argon2Engine engine) {
        byte[] pw = "tenant-auth self-test".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] expected = new BouncyCastleArgon2().hash(pw, salt, 64, 2, 2, 32);
        byte[] actual = engine.hash(pw, salt, 64, 2, 2, 32);
        return MessageDigest.isEqual(expected, actual) ? null
                : "its test hash " + HexFormat.of().formatHex(actual) + " is not BouncyCastle's " + HexFormat.of().formatHex(expected);
    }

    private void acquirePermit() {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            busy.increment();
            throw ProblemException.unavailable("Too many password checks at once; try again shortly.", Duration.ofSeconds(1));
        }
    }

    /** A parsed PHC string of Argon2id version 19. */
    record Phc(int m, int t, int p, byte[] salt, byte[] hash) {
        /** Parses {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}; null when it is anything else. */
        static Phc parse(String s) {
            if (s == null) {
                return null;
            }
            String[] parts = s.split("\\$");
            if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return null;
            }
            try {
                int m = -1, t = -1, p = -1;
                for (String kv : parts[3].split(",")) {
                    String[] pair = kv.split("=", 2);
                    int v = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "m" -> m = v;
                        case "t" -> t = v;
                        case "p" -> p = v;
                        default -> {
                            return null;
                        }
                    }
                }
                byte[] salt = B64D.decode(parts[4]);
                byte[] hash = B64D.decode(parts[5]);
                if (m < 8 || t < 1 || p < 1 || salt.length < 8 || hash.length < 16) {
                    return null;
                }
                return new Phc(m, t, p, salt, hash);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Heap kept for everything but hashes (a live set of ~30 MiB measured, docs/BENCHMARKS.md "Memory"). */
    static final long HEAP_RESERVE = 64L * 1024 * 1024;

    /**
     * The default number of hashes at once: the CPUs less one (at least one), and, when the hashes'
     * memory is on the Java heap (BouncyCastle), no more than the heap holds. Each BouncyCastle hash
     * in flight allocates {@code memory-kib} on the heap and the young collections copy it, so it is
     * counted twice against what the heap has beyond {@link #HEAP_RESERVE}: with the image's fixed
     * 128 MiB heap (docker/jvm.options) that is one permit whatever the CPUs, so a login flood on a
     * large host cannot exhaust the heap (the image exits on OutOfMemoryError). libargon2's memory
     * is native (one pooled segment per permit): the caller passes {@code Long.MAX_VALUE} as the
     * heap, and CPUs − 1 remain.
     */
    static int defaultPermits(int cpus, long maxHeapBytes, long hashBytes) {
        int byCpu = Math.max(1, cpus - 1);
        if (maxHeapBytes == Long.MAX_VALUE || hashBytes <= 0) {
            return byCpu;
        }
        long byHeap = (maxHeapBytes - HEAP_RESERVE) / (2 * hashBytes);
        return (int) Math.max(1, Math.min(byCpu, byHeap));
    }
}
