package dev.tenantauth.ops;

import dev.tenantauth.account.SignupRequest;
import dev.tenantauth.account.SignupService;
import dev.tenantauth.tenant.NewTenantRequest;
import dev.tenantauth.user.UserRepository;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Dev mode only: on an empty database, a demo tenant and owner, and how to log in with them. */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevSeed {

    private static final Logger LOG = Logger.getLogger(DevSeed.class);
    static final String EMAIL = "demo@example.com";
    static final String PASSWORD = "demo-password";
    static final String TENANT = "demo";

    void seed(@Observes StartupEvent event, UserRepository users, SignupService service) {
        if (QuarkusTransaction.requiringNew().call(users::count) > 0) {
            return;
        }
        service.signup(new SignupRequest(EMAIL, PASSWORD, new NewTenantRequest(TENANT, "Demo tenant"), null),
                "dev-seed");
        LOG.infof("""
                Dev mode: seeded tenant '%s' with owner %s (password '%s', a dev-only demo account). Log in with:
                  curl -s localhost:8080/v1/auth/login -H 'content-type: application/json' \\
                    -d '{"email":"%s","password":"%s","tenant":"%s"}'""",
                TENANT, EMAIL, PASSWORD, EMAIL, PASSWORD, TENANT);
    }
}
