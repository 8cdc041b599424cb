package dev.tenantauth.oauth;

import dev.tenantauth.config.AuthConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hosted pages (Qute, server-rendered, no JavaScript) and the headers every one carries:
 * {@code Cache-Control: no-store}, a Content-Security-Policy that allows only the page's own
 * stylesheet and forms posting to the service itself or (the redirect after a form) to the client's
 * redirect origin, {@code frame-ancestors 'none'} with {@code X-Frame-Options: DENY}. Cookies are
 * HttpOnly, SameSite=Lax, path /oauth2, and Secure unless the issuer is on a loopback host.
 */
@ApplicationScoped
public class Pages {

    public static final String CSRF_COOKIE = "ta_csrf";
    public static final String BROWSER_COOKIE = "ta_sso";

    /** A hidden form field. */
    @TemplateData
    public record Field(String name, String value) {}

    private final Template login;
    private final Template mfa;
    private final Template enroll;
    private final Template codes;
    private final Template error;
    private final Template logout;
    private final Template signedOut;
    private final boolean secure;
    private final int browserSessionSeconds;

    Pages(@Location("oauth/login.html") Template login, @Location("oauth/mfa.html") Template mfa,
            @Location("oauth/enroll.html") Template enroll, @Location("oauth/codes.html") Template codes,
            @Location("oauth/error.html") Template error, @Location("oauth/logout.html") Template logout,
            @Location("oauth/signed-out.html") Template signedOut, AuthConfig config) {
        this.login = login;
        this.mfa = mfa;
        this.enroll = enroll;
        this.codes = codes;
        this.error = error;
        this.logout = logout;
        this.signedOut = signedOut;
        String host = URI.create(config.issuer()).getHost();
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        this.secure = !(h.equals("localhost") || h.equals("[::1]") || h.startsWith("127."));
        this.browserSessionSeconds = (int) Math.min(Integer.MAX_VALUE, config.oauth().browserSessionTtl().toSeconds());
    }

    static List<Field> fields(Map<String, String> carried) {
        return carried.entrySet().stream().map(e -> new Field(e.getKey(), e.getValue())).toList();
    }

    public TemplateInstance login() {
        return login.instance();
    }

    public TemplateInstance mfa() {
        return mfa.instance();
    }

    public TemplateInstance enroll() {
        return enroll.instance();
    }

    public TemplateInstance codes() {
        return codes.instance();
    }

    public TemplateInstance logout() {
        return logout.instance();
    }

    public TemplateInstance signedOut() {
        return signedOut.instance();
    }

    /** The error page, for what cannot be sent back to a client. */
    public Response error(int status, String message) {
        return html(status, error.data("message", message), null).build();
    }

    /** A page with the pages' headers; {@code formTarget}: the client redirect a form may lead to (CSP form-action). */
    public Response.ResponseBuilder html(int status, TemplateInstance page, String formTarget) {
        return Response.status(status)
                .type("text/html; charset=utf-8")
                .entity(page.render())
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", csp(formTarget));
    }

    /** 303 to a client (after a form: the CSP's form-action names its origin on the page before). */
    public Response.ResponseBuilder seeOther(String location) {
        return Response.seeOther(URI.create(location))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    static String csp(String formTarget) {
        String origin = origin(formTarget);
        return "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'"
                + (origin == null ? "" : " " + origin) + "; frame-ancestors 'none'; base-uri 'none'";
    }

    /** scheme://host[:port] of a registered redirect URI (no path: CSP would match it after a redirect anyway). */
    static String origin(String uri) {
        if (uri == null) {
            return null;
        }
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    public NewCookie csrfCookie(String value) {
        return cookie(CSRF_COOKIE, value, -1);
    }

    public NewCookie browserCookie(String value) {
        return cookie(BROWSER_COOKIE, value, browserSessionSeconds);
    }

    public NewCookie clearBrowserCookie() {
        return cookie(BROWSER_COOKIE, "", 0);
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name)
                .value(value)
                .path("/oauth2")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }
}
