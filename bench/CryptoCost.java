import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Measures, on this machine, one Argon2id hash at the service's default parameters and one
 * access-token signature and verification with RS256 (RSA 2048), ES256 (P-256) and EdDSA
 * (Ed25519, the JDK's provider), through smallrye-jwt and jose4j as the service uses them,
 * interleaved over 3 passes. Run: bench/crypto-cost ({@code -Djwt.only=true}: signatures only;
 * {@code -Dpasses=N})
 */
public class CryptoCost {

    public static void main(String[] args) throws Exception {
        int m = Integer.getInteger("m", 19456), t = Integer.getInteger("t", 2), p = Integer.getInteger("p", 1);
        if (!Boolean.getBoolean("jwt.only")) {
            argon2(m, t, p, 5);                              // warm-up
            double ms = argon2(m, t, p, 20);
            System.out.printf("argon2id m=%d KiB t=%d p=%d: %.1f ms per hash (median of 20)%n", m, t, p, ms);
            System.out.printf("  => login ceiling on %d cores: %.0f hashes/s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors() * 1000 / ms);
        }
        // the three signature algorithms interleaved, 3 passes, so the machine's noise falls on all
        KeyPair es = ec(), rs = rsa(), ed = ed25519();
        for (int pass = 1; pass <= Integer.getInteger("passes", 3); pass++) {
            System.out.println("pass " + pass + ":");
            jwt("RS256", SignatureAlgorithm.RS256, rs);
            jwt("ES256", SignatureAlgorithm.ES256, es);
            jwt("EdDSA", SignatureAlgorithm.EDDSA, ed);
        }
    }

    static double argon2(int m, int t, int p, int n) {
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            Argon2BytesGenerator g = new Argon2BytesGenerator();
            g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(new byte[16]).build());
            byte[] out = new byte[32];
            long s = System.nanoTime();
            g.generateBytes("correct horse battery staple".getBytes(), out);
            times[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(times);
        return times[n / 2];
    }

    static void jwt(String name, SignatureAlgorithm alg, KeyPair kp) throws Exception {
        JWTAuthContextInfo info = new JWTAuthContextInfo(kp.getPublic(), "https://issuer");
        info.setSignatureAlgorithm(Set.of(alg));
        info.setExpectedAudience(Set.of("aud"));
        DefaultJWTParser parser = new DefaultJWTParser(info);
        String token = null;
        int warm = 2000, n = 5000;
        for (int i = 0; i < warm; i++) {
            token = sign(alg, kp);
        }
        long s = System.nanoTime();
        for (int i = 0; i < n; i++) {
            token = sign(alg, kp);
        }
        double signUs = (System.nanoTime() - s) / 1e3 / n;
        for (int i = 0; i < warm; i++) {
            parser.parse(token);
        }
        s = System.nanoTime();
        for (int i = 0; i < n; i++) {
            parser.parse(token);
        }
        double verifyUs = (System.nanoTime() - s) / 1e3 / n;
        System.out.printf("%s: sign %.0f us, verify %.0f us (mean of %d after %d warm-up)%n", name, signUs, verifyUs, n, warm);
    }

    static String sign(SignatureAlgorithm alg, KeyPair kp) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer("https://issuer").subject("u").audience("aud").issuedAt(now).expiresAt(now + 900)
                .claim("tid", "t").claim("sid", "s").claim("role", "owner").claim("tenant", "acme")
                .jws().keyId("k").algorithm(alg).sign(kp.getPrivate());
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
