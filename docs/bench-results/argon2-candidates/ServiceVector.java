import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.user.PasswordHasher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * Produces a PHC string with the service's own PasswordHasher (BouncyCastle, as on branch argon at
 * f080b19) at its default parameters, for bench/Argon2Candidates.java to check every candidate
 * against. Run from the repository root after ./mvnw compile:
 *   java -cp target/classes:$(cat target/bench-classpath.txt) docs/bench-results/argon2-candidates/ServiceVector.java
 */
public class ServiceVector {
    public static void main(String[] args) throws Exception {
        Object password = Proxy.newProxyInstance(ServiceVector.class.getClassLoader(),
                new Class<?>[] {AuthConfig.Password.class}, (p, m, a) -> switch (m.getName()) {
                    case "memoryKib" -> 19456;
                    case "iterations" -> 2;
                    case "parallelism" -> 1;
                    case "maxConcurrentHashes" -> 1;
                    case "maxWait" -> Duration.ofSeconds(5);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        AuthConfig config = (AuthConfig) Proxy.newProxyInstance(ServiceVector.class.getClassLoader(),
                new Class<?>[] {AuthConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("password")) return password;
                    throw new UnsupportedOperationException(m.getName());
                });
        var ctor = PasswordHasher.class.getDeclaredConstructor(AuthConfig.class, io.micrometer.core.instrument.MeterRegistry.class);
        ctor.setAccessible(true);
        PasswordHasher hasher = ctor.newInstance(config, new SimpleMeterRegistry());
        String pw = args.length > 0 ? args[0] : "correct horse battery staple";
        String phc = hasher.hash(pw);
        System.out.println(phc);
        System.out.println("verifies: " + hasher.verify(pw, phc) + ", wrong password: " + hasher.verify(pw + "x", phc));
    }
}
