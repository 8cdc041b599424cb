package dev.tenantauth.ops;

import dev.tenantauth.auth.LoginThrottle;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.token.SigningKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.security.MessageDigest;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Operator actions, enabled only when {@code tenant-auth.admin.token} is set and called with
 * {@code Authorization: Bearer <that token>}. Not for tenant admins: these act on the service.
 */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final AuthConfig config;
    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    private final SigningKeys keys;
    private final LoginThrottle throttle;

    AdminResource(AuthConfig config, SigningKeys keys, LoginThrottle throttle) {
        this.config = config;
        this.keys = keys;
        this.throttle = throttle;
    }

    /** Introduces a new signing key now; the previous one keeps verifying until its tokens expire. */
    @POST
    @Path("signing-keys/rotate")
    public Map<String, String> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireOperator(authorization);
        return Map.of("kid", keys.rotate());
    }

    /**
     * Lifts the login lock of an email at once (a user locked out by someone else's wrong
     * passwords who cannot wait out the window): its failed logins are forgotten. Failures per
     * client address are untouched.
     */
    @POST
    @Path("login-locks/lift")
    @Consumes(MediaType.APPLICATION_JSON)
    public LockLiftResponse liftLoginLock(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Valid @NotNull LockLiftRequest body) {
        requireOperator(authorization);
        String key = LoginThrottle.emailKey(body.email());
        int forgotten = throttle.forgive(key);
        LOG.infof("Operator lifted the login lock of email key %s… (%d failed logins forgotten)", key.substring(0, 16), forgotten);
        return new LockLiftResponse(forgotten);
    }

    private void requireOperator(String authorization) {
        String expected = config.admin().token().orElseThrow(() -> ProblemException.notFound("Not found."));
        String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip()
                : "";
        if (!MessageDigest.isEqual(OpaqueTokens.hash(given), OpaqueTokens.hash(expected))) {
            throw ProblemException.invalidToken("A valid operator token is required.");
        }
    }
}
