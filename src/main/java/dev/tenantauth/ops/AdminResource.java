package dev.tenantauth.ops;

import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.token.SigningKeys;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Operator actions, enabled only when {@code tenant-auth.admin.token} is set and called with
 * {@code Authorization: Bearer <that token>}. Not for tenant admins: these act on the service.
 */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final AuthConfig config;
    private final SigningKeys keys;

    AdminResource(AuthConfig config, SigningKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    /** Introduces a new signing key now; the previous one keeps verifying until its tokens expire. */
    @POST
    @Path("signing-keys/rotate")
    public Map<String, String> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireOperator(authorization);
        return Map.of("kid", keys.rotate());
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
