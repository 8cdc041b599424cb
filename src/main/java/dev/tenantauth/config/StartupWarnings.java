package dev.tenantauth.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Settings that are valid but almost certainly wrong in production: said loudly at start. */
@ApplicationScoped
public class StartupWarnings {

    static final String DEFAULT_ISSUER = "http://localhost:8080";
    private static final Logger LOG = Logger.getLogger(StartupWarnings.class);

    void onStart(@Observes StartupEvent event, AuthConfig config) {
        if (LaunchMode.current() == LaunchMode.NORMAL && DEFAULT_ISSUER.equals(config.issuer())) {
            LOG.warn("""
                    *****************************************************************************
                    tenant-auth.issuer is still the default http://localhost:8080. Every token's
                    iss and the discovery document name it: resource servers elsewhere will refuse
                    the tokens. Set TENANT_AUTH_ISSUER to this service's public URL.
                    *****************************************************************************""");
        }
    }
}
