package dev.tenantauth.observability;

import dev.tenantauth.error.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The service's own meters (Prometheus names after the {@code _total} / {@code _seconds} suffixes):
 * logins, refreshes, logouts and per-request checks by outcome, and timers for login, refresh and
 * the check. Argon2id time is {@code tenant_auth_password_hash_seconds}; pool gauges come from Agroal.
 */
@ApplicationScoped
public class AuthMetrics {

    /** Every outcome a counter can have, registered at zero at start so dashboards and alerts see them at once. */
    static final Map<String, List<String>> OUTCOMES = Map.of(
            "tenant_auth.logins", List.of("success", "invalid_credentials", "rate_limited", "unavailable", "error",
                    "mfa_required", "mfa_enrollment_required", "invalid_token"),
            "tenant_auth.refreshes", List.of("success", "invalid_token", "token_reused", "unavailable", "error"),
            "tenant_auth.access_checks", List.of("success", "invalid_token", "revoked", "unavailable"));
    static final List<String> LOGOUT_KINDS = List.of("logout", "logout_all");
    static final List<String> CLEANUP_KINDS = List.of("sessions", "refresh_tokens", "invitations", "login_failures",
            "rate_limit_hits", "audit_events", "mail_outbox", "email_verifications", "password_resets",
            "mfa_tokens", "mfa_recovery_codes", "oauth_codes", "oauth_browser_sessions", "oauth_revoked_tokens");
    /** The token endpoint's grants and its outcomes: success or the RFC 6749 error code. */
    static final List<String> OAUTH_GRANTS = List.of("authorization_code", "refresh_token", "client_credentials", "other");
    static final List<String> OAUTH_OUTCOMES = List.of("success", "invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "error");
    /** The mail outbox: queued (committed), sent, skipped (nothing to send, e.g. a reset for an unknown address), retried, failed (parked). */
    static final List<String> MAIL_OUTCOMES = List.of("queued", "sent", "skipped", "retried", "failed");

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer login;
    private final Timer refresh;
    private final Timer check;

    AuthMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.login = Timer.builder("tenant_auth.login").description("Login requests, end to end").register(registry);
        this.refresh = Timer.builder("tenant_auth.refresh").description("Refresh requests, end to end").register(registry);
        this.check = Timer.builder("tenant_auth.access_check")
                .description("The per-request check: JWT verification plus the membership/session query")
                .register(registry);
    }

    /** Eager at start (the bean is otherwise created on first use, and its counters with it). */
    void onStart(@Observes StartupEvent event) {
        OUTCOMES.forEach((name, outcomes) -> outcomes.forEach(o -> counter(name, "outcome", o)));
        LOGOUT_KINDS.forEach(k -> counter("tenant_auth.logouts", "kind", k));
        CLEANUP_KINDS.forEach(k -> counter("tenant_auth.cleanup.deleted", "kind", k));
        MAIL_OUTCOMES.forEach(o -> counter("tenant_auth.mail", "outcome", o));
        OAUTH_GRANTS.forEach(g -> OAUTH_OUTCOMES.forEach(o -> oauthCounter(g, o)));
        // user.PasswordHasher registers (and counts) it when first used; here it exists at zero from the start
        Counter.builder("tenant_auth.password.busy").register(registry);
    }

    /** Counts a mail outcome (see {@link #MAIL_OUTCOMES}). */
    public void mail(String outcome) {
        counter("tenant_auth.mail", "outcome", outcome).increment();
    }

    /** Gauges of the outbox backlog: unsent mails, and the age of the oldest unsent one. */
    public void mailBacklog(java.util.function.DoubleSupplier unsent, java.util.function.DoubleSupplier oldestSeconds) {
        io.micrometer.core.instrument.Gauge.builder("tenant_auth.mail.unsent", unsent, java.util.function.DoubleSupplier::getAsDouble)
                .strongReference(true).description("Mails in the outbox not yet sent nor parked").register(registry);
        io.micrometer.core.instrument.Gauge.builder("tenant_auth.mail.oldest_unsent.seconds", oldestSeconds, java.util.function.DoubleSupplier::getAsDouble)
                .strongReference(true).description("Age of the oldest unsent mail (0 when none)").register(registry);
    }

    public void logout(String kind) {
        counter("tenant_auth.logouts", "kind", kind).increment();
    }

    public void accessCheck(String outcome) {
        count("tenant_auth.access_checks", outcome);
    }

    /** Times a login and counts its outcome: success, or the problem code it was refused with. */
    public <T> T recordLogin(Supplier<T> work) {
        return record(login, "tenant_auth.logins", work);
    }

    /** Times a refresh and counts its outcome: success, invalid_token, token_reused, … */
    public <T> T recordRefresh(Supplier<T> work) {
        return record(refresh, "tenant_auth.refreshes", work);
    }

    public Timer checkTimer() {
        return check;
    }

    private <T> T record(Timer timer, String counter, Supplier<T> work) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "success";
            return result;
        } catch (ProblemException e) {
            outcome = e.code();
            throw e;
        } finally {
            sample.stop(timer);
            count(counter, outcome);
        }
    }

    /**
     * Counts a token-endpoint request by grant ({@link #OAUTH_GRANTS}; anything else is "other") and
     * outcome: success, the RFC 6749 error code it was refused with, or "error".
     */
    public <T> T recordOAuthToken(String grant, Supplier<T> work) {
        String g = grant != null && OAUTH_GRANTS.contains(grant) ? grant : "other";
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "success";
            return result;
        } catch (dev.tenantauth.error.OAuthError e) {
            outcome = OAUTH_OUTCOMES.contains(e.error()) ? e.error() : "error";
            throw e;
        } finally {
            oauthCounter(g, outcome).increment();
        }
    }

    private Counter oauthCounter(String grant, String outcome) {
        return Counter.builder("tenant_auth.oauth.tokens").tag("grant", grant).tag("outcome", outcome)
                .description("Token endpoint requests by grant and outcome").register(registry);
    }

    public void cleaned(String kind, long rows) {
        counter("tenant_auth.cleanup.deleted", "kind", kind).increment(rows);
    }

    private void count(String name, String outcome) {
        counter(name, "outcome", outcome).increment();
    }

    /**
     * The counter of this name and tag, registered once and then taken from {@link #counters}: a
     * count on every bearer request (the access check) or refresh should not build a meter id and
     * look it up in the registry each time. The keys are finite (names, kinds and outcomes above,
     * problem codes).
     */
    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '\0' + tag + '\0' + value,
                k -> Counter.builder(name).tag(tag, value).register(registry));
    }
}
