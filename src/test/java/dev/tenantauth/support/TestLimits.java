package dev.tenantauth.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The per-client-address limits every test would otherwise share (all of them come from
 * 127.0.0.1), lifted as in the {@code %test} profile, for the {@code @QuarkusIntegrationTest}
 * runs too: the packaged jar they start runs the prod profile, and the counts of the
 * {@code @QuarkusTest} phase are still in the database's window. The limits themselves are tested
 * on processes of their own (ThrottleIT) or per email.
 */
@QuarkusTestResource(TestLimits.class)
public class TestLimits implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "tenant-auth.signup.max-per-address", "1000000",
                "tenant-auth.email.max-requests-per-address", "1000000",
                "tenant-auth.email.max-confirms-per-address", "1000000");
    }

    @Override
    public void stop() {}
}
