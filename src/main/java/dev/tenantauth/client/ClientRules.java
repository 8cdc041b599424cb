package dev.tenantauth.client;

import dev.tenantauth.error.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client registration may hold, as plain decisions (tested without a database): redirect
 * URIs are absolute, https or http on a loopback host only (RFC 8252 §7.3), without fragment or
 * user info, compared later by exact string; grants are the three the service offers, public
 * clients never get client_credentials, a refresh token comes only with authorization_code; scopes
 * are RFC 6749 §3.3 scope tokens.
 */
public final class ClientRules {

    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final List<String> GRANTS = List.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS);

    public static final String OPENID = "openid";
    public static final String EMAIL = "email";
    /** The scopes the service itself gives meaning to; clients may register their own API scopes beside them. */
    public static final List<String> STANDARD_SCOPES = List.of(OPENID, EMAIL);

    static final int MAX_REDIRECT_URIS = 10;
    static final int MAX_URI_LENGTH = 2000;
    static final int MAX_SCOPES = 50;
    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    static final Pattern SCOPE_TOKEN = Pattern.compile("^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}$");

    private ClientRules() {}

    /** The registration's grants, checked against its type; duplicates folded. */
    public static List<String> grants(List<String> grants, String type) {
        if (grants == null || grants.isEmpty()) {
            throw ProblemException.invalid("grant_types", "give at least one of " + String.join(", ", GRANTS));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String g : grants) {
            if (g == null || !GRANTS.contains(g)) {
                throw ProblemException.invalid("grant_types", "must each be one of " + String.join(", ", GRANTS));
            }
            out.add(g);
        }
        if (OAuthClient.PUBLIC.equals(type) && out.contains(CLIENT_CREDENTIALS)) {
            throw ProblemException.invalid("grant_types", "a public client cannot use client_credentials");
        }
        if (out.contains(REFRESH_TOKEN) && !out.contains(AUTHORIZATION_CODE)) {
            throw ProblemException.invalid("grant_types", "refresh_token comes with authorization_code");
        }
        return List.copyOf(out);
    }

    /** The redirect URIs, each checked; at least one when the client uses authorization_code. */
    public static List<String> redirectUris(List<String> uris, List<String> grants) {
        List<String> given = uris == null ? List.of() : uris;
        if (grants.contains(AUTHORIZATION_CODE) && given.isEmpty()) {
            throw ProblemException.invalid("redirect_uris", "authorization_code needs at least one redirect URI");
        }
        if (given.size() > MAX_REDIRECT_URIS) {
            throw ProblemException.invalid("redirect_uris", "at most " + MAX_REDIRECT_URIS);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String u : given) {
            String refusal = redirectUriRefusal(u);
            if (refusal != null) {
                throw ProblemException.invalid("redirect_uris", refusal);
            }
            out.add(u);
        }
        return List.copyOf(out);
    }

    /** Why this redirect URI cannot be registered, or null when it can. */
    public static String redirectUriRefusal(String u) {
        if (u == null || u.isEmpty() || u.length() > MAX_URI_LENGTH) {
            return "must be absolute URIs of at most " + MAX_URI_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return "must be valid URIs";
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            return "must be absolute URIs with a host";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment (RFC 6749 §3.1.2)";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry user information";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return null;
        }
        return "must use https (http only on a loopback host: 127.0.0.1, [::1], localhost)";
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.matches("^127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$");
    }

    /** The scopes, each an RFC 6749 scope token; absent means the standard ones for code clients, none otherwise. */
    public static List<String> scopes(List<String> scopes, List<String> grants) {
        if (scopes == null) {
            return grants.contains(AUTHORIZATION_CODE) ? STANDARD_SCOPES : List.of();
        }
        if (scopes.size() > MAX_SCOPES) {
            throw ProblemException.invalid("scopes", "at most " + MAX_SCOPES);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : scopes) {
            if (s == null || !SCOPE_TOKEN.matcher(s).matches()) {
                throw ProblemException.invalid("scopes", "must each be an RFC 6749 scope token (visible ASCII, no space, quote or backslash)");
            }
            out.add(s);
        }
        if (out.contains(OPENID) && !grants.contains(AUTHORIZATION_CODE)) {
            throw ProblemException.invalid("scopes", "openid needs authorization_code");
        }
        return List.copyOf(out);
    }
}
