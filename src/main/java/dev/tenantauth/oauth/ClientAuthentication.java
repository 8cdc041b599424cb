package dev.tenantauth.oauth;

import dev.tenantauth.client.ClientRepository;
import dev.tenantauth.client.OAuthClient;
import dev.tenantauth.common.Ids;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.error.OAuthError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Who is calling the token, revocation and introspection endpoints (RFC 6749 §2.3):
 * {@code client_secret_basic} (the Authorization header; id and secret form-urlencoded before
 * base64, §2.3.1), {@code client_secret_post} (client_id and client_secret in the form), or, for
 * public clients only, {@code none} (client_id alone; PKCE stands in for the secret). One method
 * per request. Every failure is 401 {@code invalid_client}, with {@code WWW-Authenticate: Basic}
 * when Basic was tried (or nothing at all was). The secret's SHA-256 is compared in constant time;
 * an unknown client costs the same hash.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ClientAuthentication {

    /** How the client authenticated. */
    public enum Method { BASIC, POST, NONE }

    /** An authenticated, usable client, and how it authenticated. */
    public record Authenticated(OAuthClient client, Method method) {}

    private static final byte[] NO_SECRET = OpaqueTokens.hash("");

    private final ClientRepository clients;

    ClientAuthentication(ClientRepository clients) {
        this.clients = clients;
    }

    /**
     * Authenticates the caller, reading the client row {@code FOR SHARE} (see
     * {@link ClientRepository#findLiveShared}).
     */
    public Authenticated authenticate(String authorization, Map<String, List<String>> form) {
        String formId = single(form, "client_id");
        String formSecret = single(form, "client_secret");
        if (authorization != null && !authorization.isBlank()) {
            if (formSecret != null) {
                throw OAuthError.invalidRequest("Use one client authentication method, not Basic and client_secret both.");
            }
            String[] pair = basic(authorization);
            if (formId != null && !formId.equals(pair[0])) {
                throw OAuthError.invalidRequest("client_id differs from the one in the Authorization header.");
            }
            return confidential(pair[0], pair[1], Method.BASIC, true);
        }
        if (formId == null) {
            throw OAuthError.invalidClient("Client authentication is required.", true);
        }
        if (formSecret != null) {
            return confidential(formId, formSecret, Method.POST, false);
        }
        OAuthClient c = Ids.parse(formId).flatMap(clients::findLiveShared).filter(OAuthClient::isUsable).orElse(null);
        if (c == null || c.isConfidential()) {
            throw OAuthError.invalidClient("Unknown client, or it must authenticate with its secret.", false);
        }
        return new Authenticated(c, Method.NONE);
    }

    private Authenticated confidential(String id, String secret, Method method, boolean basic) {
        byte[] presented = OpaqueTokens.hash(secret);
        OAuthClient c = Ids.parse(id).flatMap(clients::findLiveShared).orElse(null);
        boolean ok = c != null ? c.secretMatches(presented) : java.security.MessageDigest.isEqual(NO_SECRET, presented);
        if (c == null || !ok || !c.isUsable() || !c.isConfidential()) {
            throw OAuthError.invalidClient("Client authentication failed.", basic);
        }
        return new Authenticated(c, method);
    }

    /** {@code Basic base64(urlencode(id) ":" urlencode(secret))}. */
    private static String[] basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthError.invalidClient("Only Basic client authentication is accepted in the Authorization header.", true);
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("no colon");
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("The Basic credentials are malformed.", true);
        }
    }

    /** A form parameter given at most once (RFC 6749 §3.2); twice is invalid_request. */
    static String single(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw OAuthError.invalidRequest("The parameter " + name + " is given more than once.");
        }
        return v.get(0).isEmpty() ? null : v.get(0); // RFC 6749 §3.1: an empty value is as if omitted
    }
}
