package dev.tenantauth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OAuth 2.0 front door for protocol tests: registering clients through the admin API, PKCE
 * pairs, the hosted login page driven as a browser without JavaScript would (GET, read the form's
 * hidden fields and the CSRF cookie, POST), and the token endpoint's calls.
 */
public final class OAuth {

    public static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A registered client; {@code secret} null for public ones. */
    public record Client(String id, String secret, String redirectUri) {}

    public record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            return new Pkce(verifier, s256(verifier));
        }
    }

    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response createClient(String accessToken, String slug, Map<String, Object> body) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(body)
                .post("/v1/tenants/" + slug + "/clients");
    }

    public static Client confidential(Api.Account admin, List<String> grants, List<String> scopes) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "App " + Api.unique("c"));
        body.put("type", "confidential");
        body.put("redirect_uris", grants.contains("authorization_code") ? List.of(REDIRECT) : List.of());
        body.put("grant_types", grants);
        if (scopes != null) {
            body.put("scopes", scopes);
        }
        Response r = createClient(admin.accessToken(), admin.tenantSlug(), body);
        r.then().statusCode(201);
        return new Client(r.path("client_id"), r.path("client_secret"), REDIRECT);
    }

    /** A confidential client for the code flow with refresh tokens, scopes openid and email. */
    public static Client confidential(Api.Account admin) {
        return confidential(admin, List.of("authorization_code", "refresh_token"), List.of("openid", "email"));
    }

    public static Client publicClient(Api.Account admin) {
        Response r = createClient(admin.accessToken(), admin.tenantSlug(), Map.of("name", "SPA " + Api.unique("p"),
                "type", "public", "redirect_uris", List.of(REDIRECT),
                "grant_types", List.of("authorization_code", "refresh_token"), "scopes", List.of("openid", "email")));
        r.then().statusCode(201);
        return new Client(r.path("client_id"), null, REDIRECT);
    }

    public static Map<String, String> params(Client c, Pkce p, String scope) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("response_type", "code");
        m.put("client_id", c.id());
        m.put("redirect_uri", c.redirectUri());
        m.put("scope", scope);
        m.put("state", "st-" + Api.unique("s"));
        m.put("nonce", "n-" + Api.unique("n"));
        m.put("code_challenge", p.challenge());
        m.put("code_challenge_method", "S256");
        return m;
    }

    /** GET /oauth2/authorize, redirects not followed. */
    public static Response authorize(Map<String, String> params, Map<String, String> cookies) {
        RequestSpecification s = given().redirects().follow(false);
        cookies.forEach(s::cookie);
        return s.queryParams(params).get("/oauth2/authorize");
    }

    /** POSTs a page's form with its hidden fields plus {@code extra}, and the cookies, redirects not followed. */
    public static Response submit(String path, Map<String, String> fields, Map<String, String> cookies) {
        RequestSpecification s = given().redirects().follow(false).contentType(ContentType.URLENC);
        cookies.forEach(s::cookie);
        fields.forEach(s::formParam);
        return s.post(path);
    }

    /** The hidden inputs of the form with this id. */
    public static Map<String, String> hidden(String html, String formId) {
        Matcher form = Pattern.compile("<form[^>]*id=\"" + formId + "\"[^>]*>(.*?)</form>", Pattern.DOTALL).matcher(html);
        if (!form.find()) {
            throw new AssertionError("no form #" + formId + " in:\n" + html);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(form.group(1));
        while (m.find()) {
            out.put(m.group(1), unescape(m.group(2)));
        }
        return out;
    }

    static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** A query parameter of a redirect's Location. */
    public static String param(Response redirect, String name) {
        return query(redirect.header("Location")).get(name);
    }

    public static Map<String, String> query(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(location).getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The browser's cookies after a response: what it had, updated by what the response set. */
    public static Map<String, String> cookies(Map<String, String> before, Response r) {
        Map<String, String> out = new HashMap<>(before);
        r.getDetailedCookies().asList().forEach(c -> {
            if (c.getValue() == null || c.getValue().isEmpty() || (c.hasMaxAge() && c.getMaxAge() == 0)) {
                out.remove(c.getName());
            } else {
                out.put(c.getName(), c.getValue());
            }
        });
        return out;
    }

    /** A browser's run through the login page with a password: the final response (303 to the client, or a page). */
    public record Run(Response response, Map<String, String> cookies, Map<String, String> params) {
        public String code() {
            String location = response.header("Location");
            if (response.statusCode() != 303 || location == null) {
                throw new AssertionError("no redirect to the client: " + response.statusCode() + "\n" + response.asString());
            }
            return query(location).get("code");
        }
    }

    public static Run signIn(Map<String, String> params, String email, String password, Map<String, String> cookies) {
        Response page = authorize(params, cookies);
        Map<String, String> jar = cookies(cookies, page);
        if (page.statusCode() == 303) {
            return new Run(page, jar, params);
        }
        if (page.statusCode() != 200) {
            throw new AssertionError("authorize answered " + page.statusCode() + "\n" + page.asString());
        }
        Map<String, String> fields = hidden(page.asString(), "login");
        fields.put("email", email);
        fields.put("password", password);
        Response after = submit("/oauth2/authorize", fields, jar);
        return new Run(after, cookies(jar, after), params);
    }

    /** Signs in with a password on a fresh browser and returns the code. */
    public static String code(Client c, Pkce p, Api.Account user, String scope) {
        return signIn(params(c, p, scope), user.email(), user.password(), Map.of()).code();
    }

    /** POST /oauth2/token with {@code client_secret_basic} when the client has a secret, else client_id in the form. */
    public static Response token(Client c, Map<String, String> form) {
        RequestSpecification s = given().contentType(ContentType.URLENC);
        if (c.secret() != null) {
            s = s.auth().preemptive().basic(c.id(), c.secret());
        } else {
            s = s.formParam("client_id", c.id());
        }
        form.forEach(s::formParam);
        return s.post("/oauth2/token");
    }

    public static Response exchange(Client c, String code, String verifier) {
        return token(c, Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", c.redirectUri(),
                "code_verifier", verifier));
    }

    public static Response refresh(Client c, String refreshToken) {
        return token(c, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    public static Response introspect(Client c, String token) {
        return given().contentType(ContentType.URLENC).auth().preemptive().basic(c.id(), c.secret())
                .formParam("token", token).post("/oauth2/introspect");
    }

    public static Response revoke(Client c, String token) {
        RequestSpecification s = given().contentType(ContentType.URLENC).formParam("token", token);
        s = c.secret() != null ? s.auth().preemptive().basic(c.id(), c.secret()) : s.formParam("client_id", c.id());
        return s.post("/oauth2/revoke");
    }

    public static Response userinfo(String accessToken) {
        return given().auth().oauth2(accessToken).get("/oauth2/userinfo");
    }

    private OAuth() {}
}
