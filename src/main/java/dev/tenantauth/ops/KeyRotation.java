package dev.tenantauth.ops;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.token.SigningKeys;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Rotates the signing key once it is {@code tenant-auth.token.rotation-interval} old. */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class);

    private final SigningKeys keys;
    private final AuthConfig config;

    KeyRotation(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.token().rotationInterval().isZero()) {
            return;
        }
        try {
            keys.rotateIfOlderThan(config.token().rotationInterval())
                    .ifPresent(kid -> LOG.infof("Scheduled signing-key rotation: new kid %s", kid));
        } catch (RuntimeException e) {
            LOG.warnf("Scheduled key rotation skipped: %s", e.getMessage());
        }
    }
}
