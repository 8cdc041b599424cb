package dev.tenantauth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The contract's calls, for tests: each returns the raw rest-assured response. */
public final class Api {

    public static final String PASSWORD = "correct horse battery staple";
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A fresh, unique name part: tests never share users or tenants. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + SEQ.incrementAndGet();
    }

    /** A signed-up user with an owned tenant, logged in. */
    public record Account(String email, String password, String userId, String tenantSlug, String tenantId,
            String accessToken, String refreshToken) {}

    public static Account newOwner() {
        String email = unique("user") + "@example.com";
        String slug = unique("t");
        Response s = signup(email, PASSWORD, slug);
        s.then().statusCode(201);
        Response l = login(email, PASSWORD, slug);
        l.then().statusCode(200);
        return new Account(email, PASSWORD, s.path("user.id"), slug, s.path("tenant.id"), l.path("access_token"),
                l.path("refresh_token"));
    }

    public static Response signup(String email, String password, String slug) {
        Map<String, Object> body = slug == null
                ? Map.of("email", email, "password", password)
                : Map.of("email", email, "password", password, "tenant", Map.of("slug", slug, "name", "Tenant " + slug));
        return given().contentType(ContentType.JSON).body(body).post("/v1/signup");
    }

    public static Response login(String email, String password, String tenant) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "tenant", tenant))
                .post("/v1/auth/login");
    }

    public static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken)).post("/v1/auth/refresh");
    }

    public static Response logout(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken)).post("/v1/auth/logout");
    }

    public static Response me(String accessToken) {
        return given().auth().oauth2(accessToken).get("/v1/me");
    }

    public static Response createTenant(String accessToken, String slug) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Tenant " + slug))
                .post("/v1/tenants");
    }

    public static Response switchTo(String accessToken, String slug) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("tenant", slug))
                .post("/v1/auth/switch");
    }

    /** POST /v1/tenants/{slug}/members as {@code admin}: invites the address into admin's tenant. */
    public static Response invite(Account admin, String email, String role) {
        return given().auth().oauth2(admin.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "role", role))
                .post("/v1/tenants/" + admin.tenantSlug() + "/members");
    }

    /** POST /v1/invitations/accept without a bearer token: the token response for the invitation's tenant. */
    public static Response acceptWithPassword(String invitationToken, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("token", invitationToken, "password", password))
                .post("/v1/invitations/accept");
    }

    /**
     * Makes the account with this address (password {@link #PASSWORD}) a member of admin's tenant
     * the way the contract has it: admin invites, the invitee takes the token from the mail and
     * accepts it with the password. Returns the accept's token response (200) in that tenant.
     */
    public static Response join(Account admin, String email, String role) {
        long before = Mailbox.count(email, Mails.INVITATION);
        invite(admin, email, role).then().statusCode(201);
        Response r = acceptWithPassword(Mailbox.tokenAfter(email, Mails.INVITATION, before), PASSWORD);
        r.then().statusCode(200);
        return r;
    }

    private Api() {}
}
