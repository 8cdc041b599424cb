package dev.tenantauth.observability;

import dev.tenantauth.error.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * The service's own meters (Prometheus names after the {@code _total} / {@code _seconds} suffixes):
 * logins, refreshes, logouts and per-request checks by outcome, and timers for login, refresh and
 * the check. Argon2id time is {@code tenant_auth_password_hash_seconds}; pool gauges come from Agroal.
 */
@ApplicationScoped
public class AuthMetrics {

    private final MeterRegistry registry;
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

    public void logout(String kind) {
        Counter.builder("tenant_auth.logouts").tag("kind", kind).register(registry).increment();
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

    public void cleaned(String kind, long rows) {
        Counter.builder("tenant_auth.cleanup.deleted").tag("kind", kind).register(registry).increment(rows);
    }

    private void count(String name, String outcome) {
        Counter.builder(name).tag("outcome", outcome).register(registry).increment();
    }
}
