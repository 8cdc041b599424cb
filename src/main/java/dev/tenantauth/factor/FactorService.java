package dev.tenantauth.factor;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.auth.CurrentPassword;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.mfa.MfaService;
import dev.tenantauth.mfa.TotpEnrollmentResponse;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The caller's own second factor (/v1/me/mfa): enroll TOTP (with the password), confirm it with
 * the first code (recovery codes shown once, other sessions revoked), turn it off (password and a
 * code), regenerate the recovery codes (a TOTP code). Every password or code check is counted
 * like a login ({@link CurrentPassword}); the hash runs outside any transaction. No admin path
 * reaches another user's factors.
 */
@ApplicationScoped
public class FactorService {

    private final UserRepository users;
    private final MfaService mfa;
    private final CurrentPassword password;
    private final SessionService sessions;
    private final AuditLog audit;

    FactorService(UserRepository users, MfaService mfa, CurrentPassword password, SessionService sessions,
            AuditLog audit) {
        this.users = users;
        this.mfa = mfa;
        this.password = password;
        this.sessions = sessions;
        this.audit = audit;
    }

    public TotpEnrollmentResponse start(AccessPrincipal p, TotpStartRequest request, String clientAddr) {
        User user = user(p);
        CurrentPassword.Check check = password.reserve(user.email, clientAddr);
        if (!password.verify(check, request.currentPassword(), user.passwordHash)) {
            throw CurrentPassword.wrong("current password"); // the reserved attempt stays as a failure
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            password.passed(check);
            return mfa.startEnrollment(p.userId(), user.email, Instant.now());
        });
    }

    public RecoveryCodesResponse confirm(AccessPrincipal p, TotpCodeRequest request, String clientAddr) {
        CurrentPassword.Check check = password.reserve(p.email(), clientAddr);
        Optional<List<String>> codes = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<List<String>> confirmed = mfa.confirm(p.userId(), request.code(), now);
            if (confirmed.isEmpty()) {
                audit.record("mfa.wrong_code", p.tenantId(), p.userId(), null, "{\"purpose\":\"confirm\"}");
                return confirmed;
            }
            password.passed(check);
            sessions.revokeAllOfUserExcept(p.userId(), p.sessionId(), SessionService.REASON_MFA_ENROLLED, now);
            audit.record("mfa.enrolled", p.tenantId(), p.userId(), p.userId(), null);
            return confirmed;
        });
        return new RecoveryCodesResponse(codes.orElseThrow(() -> CurrentPassword.wrong("code")));
    }

    public void disable(AccessPrincipal p, TotpDisableRequest request, String clientAddr) {
        User user = user(p);
        CurrentPassword.Check check = password.reserve(user.email, clientAddr);
        boolean passwordOk = password.verify(check, request.currentPassword(), user.passwordHash);
        boolean done = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            if (!mfa.totpOn(p.userId())) {
                throw ProblemException.conflict("TOTP is not on.");
            }
            // the code is checked (and spent) only with the right password, so a wrong password spends nothing
            if (!passwordOk || mfa.verifyAny(p.userId(), request.code(), now).isEmpty()) {
                audit.record(passwordOk ? "mfa.wrong_code" : "user.wrong_password", p.tenantId(), p.userId(), null,
                        "{\"purpose\":\"disable\"}");
                return false;
            }
            password.passed(check);
            mfa.disable(p.userId());
            audit.record("mfa.disabled", p.tenantId(), p.userId(), p.userId(), null);
            return true;
        });
        if (!done) {
            throw CurrentPassword.wrong(passwordOk ? "code" : "current password");
        }
    }

    public RecoveryCodesResponse regenerate(AccessPrincipal p, TotpCodeRequest request, String clientAddr) {
        CurrentPassword.Check check = password.reserve(p.email(), clientAddr);
        Optional<List<String>> codes = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            if (!mfa.totpOn(p.userId())) {
                throw ProblemException.conflict("TOTP is not on.");
            }
            if (!mfa.verifyTotp(p.userId(), request.code(), now)) {
                audit.record("mfa.wrong_code", p.tenantId(), p.userId(), null, "{\"purpose\":\"recovery_codes\"}");
                return Optional.<List<String>>empty();
            }
            password.passed(check);
            audit.record("mfa.recovery_codes_regenerated", p.tenantId(), p.userId(), p.userId(), null);
            return Optional.of(mfa.newRecoveryCodes(p.userId(), now));
        });
        return new RecoveryCodesResponse(codes.orElseThrow(() -> CurrentPassword.wrong("code")));
    }

    private User user(AccessPrincipal p) {
        return QuarkusTransaction.requiringNew().call(() -> users.findByIdOptional(p.userId()))
                .orElseThrow(() -> ProblemException.notFound("No such user."));
    }
}
