package dev.tenantauth.oauth;

import dev.tenantauth.auth.MfaLoginRequest;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.ClientAddress;
import dev.tenantauth.session.BrowserSession;
import dev.tenantauth.tenant.Tenant;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization endpoint and its hosted login page (RFC 6749 §4.1, OpenID Connect Core
 * §3.1.2): thin, every decision in {@link AuthorizeService}. Each form carries the checked request
 * as hidden fields and is checked again on arrival; each POST must carry the CSRF token that
 * matches its cookie (double submit, SameSite=Lax). A refusal that cannot go back to the client
 * (unknown client, unregistered redirect URI, a form without its CSRF token) is an error page.
 */
@Path("/oauth2")
@Produces(MediaType.TEXT_HTML)
public class AuthorizeResource {

    /** One message for every wrong email, password, code or membership. */
    static final String WRONG = "The email address, password or code is not right.";

    private final AuthorizeService service;
    private final Pages pages;

    AuthorizeResource(AuthorizeService service, Pages pages) {
        this.service = service;
        this.pages = pages;
    }

    @GET
    @Path("authorize")
    public Response authorize(@Context UriInfo uri, @CookieParam(Pages.CSRF_COOKIE) String csrfCookie,
            @CookieParam(Pages.BROWSER_COOKIE) String browserCookie) {
        Checked checked = service.check(uri.getQueryParameters());
        if (checked instanceof AuthorizationRequest.Refused refused) {
            return refused(refused);
        }
        AuthorizationRequest request = (AuthorizationRequest) checked;
        String csrf = csrf(csrfCookie);
        Optional<BrowserSession> browser = "login".equals(request.prompt()) ? Optional.empty()
                : service.browserSession(browserCookie, request, Instant.now());
        if (browser.isEmpty() && "none".equals(request.prompt())) {
            return pages.seeOther(service.errorLocation(request.redirectUri(), "login_required",
                    "The user is not signed in.", request.state())).build();
        }
        if (browser.isPresent()) {
            try {
                Response r = next(request, service.continueSession(request, browser.get()), csrf, "none".equals(request.prompt()));
                return withCsrf(r, csrf, csrfCookie);
            } catch (ProblemException e) {
                // the session's user can no longer sign in here: ask for the password again
            }
        }
        return withCsrf(loginPage(request, csrf, 200, null, null), csrf, csrfCookie);
    }

    @POST
    @Path("authorize")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response password(MultivaluedMap<String, String> form, @CookieParam(Pages.CSRF_COOKIE) String csrfCookie,
            @Context HttpServerRequest http) {
        Checked checked = service.check(form);
        Response refusal = refusal(checked, form, csrfCookie);
        if (refusal != null) {
            return refusal;
        }
        AuthorizationRequest request = (AuthorizationRequest) checked;
        String email = single(form, "email");
        String password = single(form, "password");
        if (email == null || password == null || email.length() > 320 || password.length() > 1024) {
            return loginPage(request, csrfCookie, 400, "Enter your email address and password.", email);
        }
        try {
            return next(request, service.password(request, email, password, ClientAddress.of(http)), csrfCookie, false);
        } catch (ProblemException e) {
            return loginPage(request, csrfCookie, e.status(), message(e), email);
        }
    }

    @POST
    @Path("authorize/mfa")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response secondFactor(MultivaluedMap<String, String> form, @CookieParam(Pages.CSRF_COOKIE) String csrfCookie,
            @Context HttpServerRequest http) {
        Checked checked = service.check(form);
        Response refusal = refusal(checked, form, csrfCookie);
        if (refusal != null) {
            return refusal;
        }
        AuthorizationRequest request = (AuthorizationRequest) checked;
        String mfaToken = single(form, "mfa_token");
        String code = blankToNull(single(form, "code"));
        String recovery = blankToNull(single(form, "recovery_code"));
        boolean enrolling = "1".equals(single(form, "enrollment"));
        if (mfaToken == null || mfaToken.length() > 128) {
            return loginPage(request, csrfCookie, 400, "Sign in again.", null);
        }
        if ((code == null) == (recovery == null) || (code != null && !code.matches("^[0-9]{6}$"))
                || (recovery != null && recovery.length() > 64)) {
            return codePage(request, csrfCookie, mfaToken, enrolling, 400, "Enter the 6-digit code from your app, or one recovery code.");
        }
        try {
            return next(request, service.secondFactor(request, new MfaLoginRequest(mfaToken, code, recovery),
                    ClientAddress.of(http)), csrfCookie, false);
        } catch (ProblemException e) {
            if (e.code().equals("invalid_credentials")) {
                return codePage(request, csrfCookie, mfaToken, enrolling, 401, WRONG);
            }
            if (e.code().equals("invalid_token")) {
                return loginPage(request, csrfCookie, 401, "That took too long, or too many codes were wrong. Sign in again.", null);
            }
            return codePage(request, csrfCookie, mfaToken, enrolling, e.status(), message(e));
        }
    }

    /** The user declined: back to the client with {@code access_denied}. */
    @POST
    @Path("authorize/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(MultivaluedMap<String, String> form, @CookieParam(Pages.CSRF_COOKIE) String csrfCookie) {
        Checked checked = service.check(form);
        Response refusal = refusal(checked, form, csrfCookie);
        if (refusal != null) {
            return refusal;
        }
        AuthorizationRequest request = (AuthorizationRequest) checked;
        return pages.seeOther(service.errorLocation(request.redirectUri(), "access_denied", "The user declined.",
                request.state())).build();
    }

    @GET
    @Path("logout")
    public Response logoutPage(@CookieParam(Pages.CSRF_COOKIE) String csrfCookie, @Context UriInfo uri) {
        String csrf = csrf(csrfCookie);
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        TemplateInstance page = pages.logout().data("csrf", csrf)
                .data("fields", Pages.fields(logoutFields(q)));
        return withCsrf(pages.html(200, page, null).build(), csrf, csrfCookie);
    }

    /**
     * Ends the browser session. With {@code client_id} and a {@code post_logout_redirect_uri} that is
     * one of that client's registered redirect URIs, goes back there (with {@code state}); otherwise
     * shows that the user is signed out.
     */
    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(MultivaluedMap<String, String> form, @CookieParam(Pages.CSRF_COOKIE) String csrfCookie,
            @CookieParam(Pages.BROWSER_COOKIE) String browserCookie) {
        if (!csrfMatches(csrfCookie, form)) {
            return csrfRefused();
        }
        service.endBrowserSession(browserCookie);
        String target = single(form, "post_logout_redirect_uri");
        Optional<String> back = target == null ? Optional.empty() : service.postLogoutTarget(single(form, "client_id"),
                target, single(form, "state"));
        Response.ResponseBuilder r = back.isPresent() ? pages.seeOther(back.get())
                : pages.html(200, pages.signedOut(), null);
        return r.cookie(pages.clearBrowserCookie()).build();
    }

    private static Map<String, String> logoutFields(MultivaluedMap<String, String> q) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String name : List.of("client_id", "post_logout_redirect_uri", "state")) {
            String v = q.getFirst(name);
            if (v != null && v.length() <= 2000) {
                m.put(name, v);
            }
        }
        return m;
    }

    private Response next(AuthorizationRequest request, AuthorizeService.Next next, String csrf, boolean promptNone) {
        return switch (next) {
            case AuthorizeService.Next.ToClient to -> {
                Response.ResponseBuilder r = pages.seeOther(to.location());
                if (to.browserToken() != null) {
                    r.cookie(pages.browserCookie(to.browserToken()));
                }
                yield r.build();
            }
            case AuthorizeService.Next.AskCode ask -> promptNone
                    ? pages.seeOther(service.errorLocation(request.redirectUri(), "interaction_required",
                            "A second factor is needed.", request.state())).build()
                    : codePage(request, csrf, ask.mfaToken(), false, 200, null);
            case AuthorizeService.Next.AskEnrollment e -> promptNone
                    ? pages.seeOther(service.errorLocation(request.redirectUri(), "interaction_required",
                            "A second factor must be set up.", request.state())).build()
                    : pages.html(200, pages.enroll().data("csrf", csrf).data("fields", Pages.fields(request.carried()))
                            .data("mfaToken", e.mfaToken()).data("secret", e.secret().secret())
                            .data("otpauthUri", e.secret().otpauthUri()).data("error", null)
                            .data("tenantName", service.tenantOf(request).name)
                            .data("clientName", request.client().name), request.redirectUri()).build();
            case AuthorizeService.Next.ShowRecoveryCodes s -> {
                Response.ResponseBuilder r = pages.html(200, pages.codes().data("codes", s.codes())
                        .data("location", s.location()), request.redirectUri());
                yield r.cookie(pages.browserCookie(s.browserToken())).build();
            }
        };
    }

    private Response loginPage(AuthorizationRequest request, String csrf, int status, String error, String email) {
        Tenant tenant = service.tenantOf(request);
        TemplateInstance page = pages.login().data("csrf", csrf).data("fields", Pages.fields(request.carried()))
                .data("tenantName", tenant.name).data("clientName", request.client().name).data("error", error)
                .data("email", email);
        return pages.html(status, page, request.redirectUri()).build();
    }

    private Response codePage(AuthorizationRequest request, String csrf, String mfaToken, boolean enrolling, int status,
            String error) {
        TemplateInstance page = (enrolling ? pages.enroll().data("secret", null).data("otpauthUri", null) : pages.mfa())
                .data("csrf", csrf).data("fields", Pages.fields(request.carried())).data("mfaToken", mfaToken)
                .data("error", error).data("tenantName", service.tenantOf(request).name)
                .data("clientName", request.client().name);
        return pages.html(status, page, request.redirectUri()).build();
    }

    /** What every form of the page is refused for before anything else: its carried request, then its CSRF token; null when neither. */
    private Response refusal(Checked checked, MultivaluedMap<String, String> form, String csrfCookie) {
        if (checked instanceof AuthorizationRequest.Refused refused) {
            return refused(refused);
        }
        return csrfMatches(csrfCookie, form) ? null : csrfRefused();
    }

    private Response refused(AuthorizationRequest.Refused refused) {
        if (refused.redirectable()) {
            return pages.seeOther(service.errorLocation(refused.redirectUri(), refused.error(), refused.description(),
                    refused.state())).build();
        }
        return pages.error(400, refused.description());
    }

    private Response csrfRefused() {
        return pages.error(400, "This form has expired or did not come from this site. Go back to the application and start again.");
    }

    static String message(ProblemException e) {
        return switch (e.code()) {
            case "invalid_credentials" -> WRONG;
            case "rate_limited" -> "Too many attempts. Wait a while, then try again.";
            case "email_unverified" -> "Confirm your email address first: follow the link we sent you.";
            default -> e.status() >= 500 ? "The service is busy. Try again in a moment." : WRONG;
        };
    }

    /** The CSRF token: the cookie's when it has one of the right shape, else a new one. */
    private static String csrf(String cookie) {
        return cookie != null && cookie.matches("^[A-Za-z0-9_-]{43}$") ? cookie : OpaqueTokens.generate();
    }

    private Response withCsrf(Response r, String csrf, String cookie) {
        if (csrf.equals(cookie)) {
            return r;
        }
        return Response.fromResponse(r).cookie(pages.csrfCookie(csrf)).build();
    }

    private static boolean csrfMatches(String cookie, MultivaluedMap<String, String> form) {
        String field = single(form, "csrf");
        return cookie != null && field != null && cookie.length() == 43 && MessageDigest.isEqual(
                cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII));
    }

    private static String single(MultivaluedMap<String, String> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.size() != 1 ? null : v.get(0);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
