package dev.tenantauth.oauth;

import dev.tenantauth.client.ClientRules;
import dev.tenantauth.client.OAuthClient;
import dev.tenantauth.common.Ids;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A checked authorization request (RFC 6749 §4.1.1, RFC 7636, OpenID Connect Core §3.1.2.1), and
 * the rules that check one, as plain decisions (tested without a database). Until the client and
 * its exact redirect URI are known, nothing may be redirected: the user sees an error page
 * ({@link Refused#redirectable} false). After that, errors go back to the client (§4.1.2.1).
 */
public record AuthorizationRequest(OAuthClient client, String redirectUri, String scope, String state, String nonce,
        String codeChallenge, String prompt, Long maxAge) implements Checked {

    /** The parameters carried through the login page's forms (as hidden fields) to finish this request. */
    public Map<String, String> carried() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("response_type", "code");
        m.put("client_id", client.id.toString());
        m.put("redirect_uri", redirectUri);
        m.put("scope", scope);
        if (state != null) {
            m.put("state", state);
        }
        if (nonce != null) {
            m.put("nonce", nonce);
        }
        m.put("code_challenge", codeChallenge);
        m.put("code_challenge_method", "S256");
        return m;
    }

    public List<String> scopes() {
        return List.of(scope.split(" "));
    }

    /** Why a request cannot go on: an error page, or an error sent back to the redirect URI. */
    public record Refused(String error, String description, String redirectUri, String state) implements Checked {
        public boolean redirectable() {
            return redirectUri != null;
        }
    }

    /** RFC 7636 §4.2: S256 gives 43 characters of base64url; §4.1 allows the unreserved set. */
    static final Pattern CHALLENGE = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");
    static final int MAX_STATE = 1024;
    static final int MAX_NONCE = 512;
    static final Set<String> SINGLE = Set.of("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
            "code_challenge", "code_challenge_method", "prompt", "max_age", "response_mode");

    /** The client a request names, when its client_id is a well-formed id given once. */
    public static Optional<UUID> clientId(Map<String, List<String>> params) {
        List<String> ids = params.getOrDefault("client_id", List.of());
        return ids.size() == 1 ? Ids.parse(ids.get(0)) : Optional.empty();
    }

    /**
     * Checks a request against its client ({@code client} empty: unknown, disabled or deleted).
     * Returns the request, or the refusal.
     */
    public static Checked check(Map<String, List<String>> params, Optional<OAuthClient> client) {
        if (params.getOrDefault("client_id", List.of()).isEmpty()) {
            return new Refused("invalid_request", "The request has no client_id.", null, null);
        }
        if (client.isEmpty() || !client.get().isUsable()) {
            return new Refused("invalid_client", "The client is unknown or disabled.", null, null);
        }
        OAuthClient c = client.get();
        List<String> uris = params.getOrDefault("redirect_uri", List.of());
        if (uris.size() != 1) {
            return new Refused("invalid_request", "The request must name its redirect_uri once.", null, null);
        }
        String redirectUri = uris.get(0);
        if (!c.redirectUris.contains(redirectUri)) {
            return new Refused("invalid_request", "The redirect_uri is not registered for this client.", null, null);
        }
        List<String> stateValues = params.getOrDefault("state", List.of());
        String state = stateValues.size() == 1 ? stateValues.get(0) : null;
        for (String name : SINGLE) {
            if (params.getOrDefault(name, List.of()).size() > 1) {
                return new Refused("invalid_request", "The parameter " + name + " is given more than once.", redirectUri,
                        state);
            }
        }
        if (state != null && state.length() > MAX_STATE) {
            return new Refused("invalid_request", "The state is longer than " + MAX_STATE + " characters.", redirectUri,
                    null);
        }
        if (params.containsKey("request")) {
            return new Refused("request_not_supported", "Request objects are not supported.", redirectUri, state);
        }
        if (params.containsKey("request_uri")) {
            return new Refused("request_uri_not_supported", "request_uri is not supported.", redirectUri, state);
        }
        String responseType = first(params, "response_type");
        if (responseType == null) {
            return new Refused("invalid_request", "The request has no response_type.", redirectUri, state);
        }
        if (!responseType.equals("code")) {
            return new Refused("unsupported_response_type", "Only response_type=code is supported.", redirectUri, state);
        }
        String responseMode = first(params, "response_mode");
        if (responseMode != null && !responseMode.equals("query")) {
            return new Refused("invalid_request", "Only response_mode=query is supported.", redirectUri, state);
        }
        if (!c.allowsGrant(ClientRules.AUTHORIZATION_CODE)) {
            return new Refused("unauthorized_client", "This client may not use the authorization code flow.", redirectUri,
                    state);
        }
        String challenge = first(params, "code_challenge");
        String method = first(params, "code_challenge_method");
        if (challenge == null) {
            return new Refused("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.",
                    redirectUri, state);
        }
        if (method == null || !method.equals("S256")) {
            return new Refused("invalid_request", "code_challenge_method must be S256 (plain is not accepted).",
                    redirectUri, state);
        }
        if (!CHALLENGE.matcher(challenge).matches() || challenge.length() != 43) {
            return new Refused("invalid_request", "code_challenge must be the 43-character base64url SHA-256 of the verifier.",
                    redirectUri, state);
        }
        String scope = first(params, "scope");
        if (scope == null || scope.isBlank()) {
            return new Refused("invalid_scope", "The request names no scope.", redirectUri, state);
        }
        Set<String> asked = new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
        List<String> beyond = new ArrayList<>();
        for (String s : asked) {
            if (!c.scopes.contains(s)) {
                beyond.add(s);
            }
        }
        if (!beyond.isEmpty()) {
            return new Refused("invalid_scope", "The client may not ask for: " + String.join(" ", beyond), redirectUri,
                    state);
        }
        String nonce = first(params, "nonce");
        if (nonce != null && (nonce.isEmpty() || nonce.length() > MAX_NONCE)) {
            return new Refused("invalid_request", "The nonce must be 1 to " + MAX_NONCE + " characters.", redirectUri,
                    state);
        }
        String prompt = first(params, "prompt");
        if (prompt != null) {
            Set<String> prompts = new LinkedHashSet<>(Arrays.asList(prompt.trim().split(" +")));
            if (prompts.contains("none") && prompts.size() > 1) {
                return new Refused("invalid_request", "prompt=none cannot be combined.", redirectUri, state);
            }
            prompt = prompts.contains("none") ? "none" : prompts.contains("login") ? "login" : null;
        }
        Long maxAge = null;
        String maxAgeValue = first(params, "max_age");
        if (maxAgeValue != null) {
            if (!maxAgeValue.matches("^[0-9]{1,9}$")) {
                return new Refused("invalid_request", "max_age must be a number of seconds.", redirectUri, state);
            }
            maxAge = Long.parseLong(maxAgeValue);
        }
        return new AuthorizationRequest(c, redirectUri, String.join(" ", asked), state, nonce, challenge, prompt, maxAge);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
