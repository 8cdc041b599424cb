package dev.tenantauth.mfa;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The configured MFA keys ({@code tenant-auth.mfa.key}, {@code …previous-keys}) as a
 * {@link SecretBox}. Without a key the service still starts (every existing deployment and test
 * process would otherwise need one first) but says so loudly, and every MFA operation answers
 * 503 {@code unavailable}: nothing is ever stored unencrypted. A malformed key stops the start.
 */
@ApplicationScoped
public class MfaKeys {

    private static final Logger LOG = Logger.getLogger(MfaKeys.class);

    private final SecretBox box;

    MfaKeys(AuthConfig config) {
        this.box = config.mfa().key()
                .map(k -> SecretBox.of(k, config.mfa().previousKeys().orElse(List.of())))
                .orElse(null);
    }

    void onStart(@Observes StartupEvent event) {
        if (box == null) {
            LOG.warn("""
                    *****************************************************************************
                    tenant-auth.mfa.key is not set: TOTP enrollment, logins of users with TOTP and
                    tenants with mfa_required answer 503 until it is. Set TENANT_AUTH_MFA_KEY to
                    <key id>:<32 random bytes, base64> (openssl rand -base64 32).
                    *****************************************************************************""");
        }
    }

    /** The keys, or 503 {@code unavailable} when none is configured. */
    public SecretBox box() {
        if (box == null) {
            throw ProblemException.unavailable("Multi-factor authentication is not configured on this server.",
                    Duration.ofSeconds(60));
        }
        return box;
    }
}
