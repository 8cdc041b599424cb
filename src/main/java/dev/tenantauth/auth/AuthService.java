package dev.tenantauth.auth;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.mfa.MfaPurpose;
import dev.tenantauth.mfa.MfaService;
import dev.tenantauth.mfa.MfaTokenRepository;
import dev.tenantauth.mfa.TotpEnrollmentResponse;
import dev.tenantauth.observability.SecurityLog;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.Rotation;
import dev.tenantauth.session.Session;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.tenant.Membership;
import dev.tenantauth.tenant.MembershipRepository;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantRepository;
import dev.tenantauth.token.AccessTokens;
import dev.tenantauth.user.PasswordHasher;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Login, refresh, logout, logout-all and switch.
 *
 * <p>Each decision is made in one short transaction that commits whatever it decided, a refusal
 * included (a reuse revokes its session, a wrong password keeps its reserved attempt), and returns
 * an {@link Outcome}; the access token is signed after the commit, so no RSA signature holds a
 * session row lock or a pooled connection. Argon2id runs outside any transaction.
 */
@ApplicationScoped
public class AuthService {

    private static final String NOT_MEMBER = "You are not an active member of that tenant.";

    /**
     * What a transaction decided: tokens to sign after its commit, or the refusal to answer
     * (through {@link #answer}, after the commit).
     */
    public sealed interface Outcome {}

    private record Granted(SessionService.Issued issued, Tenant tenant, Membership membership, boolean emailVerified,
            Instant now, List<String> recoveryCodes) implements Outcome {

        Granted(SessionService.Issued issued, Tenant tenant, Membership membership, boolean emailVerified, Instant now) {
            this(issued, tenant, membership, emailVerified, now, null);
        }
    }

    private record Denied(ProblemException problem) implements Outcome {}

    private final UserRepository users;
    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final SessionService sessions;
    private final AccessTokens accessTokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final SecurityLog securityLog;
    private final MfaService mfa;

    AuthService(UserRepository users, TenantRepository tenants, MembershipRepository memberships,
            SessionService sessions, AccessTokens accessTokens, PasswordHasher hasher, LoginThrottle throttle,
            AuditLog audit, SecurityLog securityLog, MfaService mfa) {
        this.securityLog = securityLog;
        this.mfa = mfa;
        this.users = users;
        this.tenants = tenants;
        this.memberships = memberships;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * The same 401 {@code invalid_credentials} for an unknown email, a wrong password and a
     * missing or inactive membership; an unknown email still costs one hash. The attempt is
     * reserved with the throttle before the hash (see {@link LoginThrottle}).
     */
    public TokenResponse login(LoginRequest request, String clientAddr) {
        String email = request.email().strip();
        String emailKey = LoginThrottle.emailKey(email);
        LoginThrottle.Attempt reserved = throttle.reserve(emailKey, clientAddr, Instant.now());
        record Start(Optional<User> user, Optional<Tenant> tenant) {}
        Start start = QuarkusTransaction.requiringNew().call(() -> {
            Optional<User> user = users.findByEmail(email);
            Optional<Tenant> tenant = tenants.findBySlug(request.tenant());
            if (reserved instanceof LoginThrottle.Limited) {
                recordRefusal("auth.login.rate_limited", user, tenant, emailKey, clientAddr);
            }
            return new Start(user, tenant);
        });
        if (reserved instanceof LoginThrottle.Limited limited) {
            throw ProblemException.rateLimited(limited.retryAfter());
        }
        LoginThrottle.Reserved attempt = (LoginThrottle.Reserved) reserved;
        Optional<User> user = start.user();
        boolean passwordOk;
        String upgraded;
        try {
            passwordOk = user.isPresent() ? hasher.verify(request.password(), user.get().passwordHash)
                    : hasher.verifyDummy(request.password());
            upgraded = passwordOk && hasher.needsRehash(user.get().passwordHash) ? hasher.hash(request.password()) : null;
        } catch (ProblemException busy) { // no hashing permit in time: the attempt was never evaluated
            QuarkusTransaction.requiringNew().run(() -> throttle.release(attempt));
            throw busy;
        }
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<Membership> membership = passwordOk
                    ? start.tenant().flatMap(t -> memberships.findActiveMembership(user.get().id, t.id))
                    : Optional.empty();
            if (membership.isEmpty()) {
                recordRefusal("auth.login.failed", user, start.tenant(), emailKey, clientAddr);
                return new Denied(ProblemException.invalidCredentials()); // the reserved attempt stays as the failure
            }
            Tenant tenant = start.tenant().get();
            MfaService.Requirement second = mfa.requirement(user.get().id, tenant.mfaRequired);
            if (second == MfaService.Requirement.NONE) {
                throttle.succeeded(attempt, emailKey, clientAddr, now); // the password was right: never a failed login
            } else {
                // the attempt is given back, but the email's failures (wrong codes among them) stay
                // until the second factor is right too: a known password must not reset the code limit
                throttle.release(attempt);
            }
            if (tenant.requireVerifiedEmail && !user.get().emailVerified()) {
                audit.record("auth.login.email_unverified", tenant.id, user.get().id, null, null);
                return new Denied(ProblemException.emailUnverified());
            }
            if (upgraded != null) {
                users.replacePasswordHash(user.get().id, user.get().passwordHash, upgraded, now);
            }
            return admit(second, user.get().id, tenant, membership.get(), user.get().emailVerified(), MfaPurpose.LOGIN,
                    now);
        });
        return answer(outcome);
    }

    /**
     * The second-factor step of any sign-in (login, an invitation accepted with a password): for a
     * user whose password was verified and whose membership in {@code tenant} is active, either a
     * session with tokens ({@code amr} {@code pwd}), or the refusal that asks for the factor (401
     * {@code mfa_required}, the user has TOTP) or for enrollment (401 {@code mfa_enrollment_required},
     * the tenant requires a factor the user has not), each with a fresh mfa_token for login. Runs in
     * the caller's transaction; hand the outcome to {@link #answer} after the commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome admit(UUID userId, Tenant tenant, Membership membership, boolean emailVerified, Instant now) {
        return admit(mfa.requirement(userId, tenant.mfaRequired), userId, tenant, membership, emailVerified,
                MfaPurpose.LOGIN, now);
    }

    private Outcome admit(MfaService.Requirement second, UUID userId, Tenant tenant, Membership membership,
            boolean emailVerified, MfaPurpose purpose, Instant now) {
        return switch (second) {
            case NONE -> {
                audit.record("auth.login.succeeded", tenant.id, userId, null, null);
                yield new Granted(sessions.start(userId, tenant.id, Session.PWD, now), tenant, membership, emailVerified,
                        now);
            }
            case TOTP -> {
                audit.record("auth.login.mfa_required", tenant.id, userId, null, null);
                yield new Denied(ProblemException.mfaRequired(mfa.issueToken(userId, tenant.id, purpose, now)));
            }
            case ENROLLMENT -> {
                audit.record("auth.login.mfa_enrollment_required", tenant.id, userId, null, null);
                yield new Denied(ProblemException.mfaEnrollmentRequired(
                        mfa.issueToken(userId, tenant.id, MfaPurpose.ENROLLMENT, now)));
            }
        };
    }

    /**
     * Finishes a login, enrollment or step-up with its second factor. Each call first counts one
     * attempt against the mfa_token (at most {@code max-attempts-per-token}, in one conditional
     * statement, committed), then reserves an attempt with the login throttle under the user's
     * email (a wrong code stays there as a failed login), then checks the code and spends it
     * (TOTP step, recovery code) and the token in one transaction: of concurrent requests with one
     * code, or with one token, exactly one gets tokens.
     */
    public TokenResponse completeMfa(MfaLoginRequest request, String clientAddr) {
        return answer(completeMfa(request, clientAddr, (proven, now) -> new Granted(
                sessions.start(proven.userId(), proven.tenant().id, Session.PWD_OTP, now), proven.tenant(),
                proven.membership(), proven.emailVerified(), now, proven.recoveryCodes())));
    }

    /**
     * A sign-in whose every factor is proven, inside the transaction that spent the proof: the
     * user, the tenant where the membership is active, and, after an enrollment, the recovery codes
     * to show once. {@code amr} is {@code pwd otp}.
     */
    public record Proven(UUID userId, Tenant tenant, Membership membership, boolean emailVerified,
            List<String> recoveryCodes, MfaPurpose purpose) {}

    /** What a front door grants for a {@link Proven} sign-in: runs inside the transaction that spent the proof. */
    @FunctionalInterface
    public interface Admission<T> {
        T admit(Proven proven, Instant now);
    }

    /** A refusal decided inside a transaction that must still commit, or the value it produced. */
    private record Decided<T>(T value, ProblemException refusal) {}

    /**
     * {@link #completeMfa(MfaLoginRequest, String)} for any front door: the same counting, throttle
     * and single-use spending, then {@code admission} in the same transaction (the JSON API starts a
     * session; the hosted login page issues an authorization code). Refusals are thrown after the
     * commit of what they counted.
     */
    public <T> T completeMfa(MfaLoginRequest request, String clientAddr, Admission<T> admission) {
        if ((request.code() == null) == (request.recoveryCode() == null)) {
            throw ProblemException.invalid("code", "give either code or recovery_code");
        }
        Optional<MfaTokenRepository.Live> counted = QuarkusTransaction.requiringNew()
                .call(() -> mfa.attempt(request.mfaToken(), Instant.now()));
        if (counted.isEmpty()) {
            throw ProblemException.invalidToken(
                    "The mfa_token is unknown, used, expired, or has seen too many wrong codes; log in again.");
        }
        MfaTokenRepository.Live token = counted.get();
        String emailKey = LoginThrottle.emailKey(token.email());
        LoginThrottle.Attempt reserved = throttle.reserve(emailKey, clientAddr, Instant.now());
        if (reserved instanceof LoginThrottle.Limited limited) {
            QuarkusTransaction.requiringNew().run(
                    () -> audit.record("auth.login.rate_limited", token.tenantId(), token.userId(), null, null));
            throw ProblemException.rateLimited(limited.retryAfter());
        }
        LoginThrottle.Reserved attempt = (LoginThrottle.Reserved) reserved;
        Decided<T> decided = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(token.userId(), token.tenantId());
            List<String> recoveryCodes = null;
            MfaService.Factor factor;
            if (token.purpose() == MfaPurpose.ENROLLMENT) { // only the first TOTP code of the pending secret
                Optional<List<String>> confirmed = request.code() == null ? Optional.empty()
                        : mfa.confirm(token.userId(), request.code(), now);
                recoveryCodes = confirmed.orElse(null);
                factor = confirmed.isPresent() ? MfaService.Factor.TOTP : null;
            } else if (request.code() != null) {
                factor = mfa.verifyTotp(token.userId(), request.code(), now) ? MfaService.Factor.TOTP : null;
            } else {
                factor = mfa.useRecoveryCode(token.userId(), request.recoveryCode(), now)
                        ? MfaService.Factor.RECOVERY_CODE : null;
            }
            if (factor == null) {
                audit.record("mfa.wrong_code", token.tenantId(), token.userId(), null,
                        "{\"purpose\":\"" + token.purpose().wire() + "\"}");
                // the reserved attempt stays as the failure
                return new Decided<T>(null, ProblemException.invalidCredentials());
            }
            if (!mfa.spendToken(token.id(), now)) {
                // a concurrent request finished this token first: thrown, so this one's spending of its code rolls back
                throw ProblemException.invalidToken("The mfa_token was used meanwhile; log in again.");
            }
            if (m.isEmpty()) {
                throttle.release(attempt);
                return new Decided<T>(null, ProblemException.invalidCredentials());
            }
            throttle.succeeded(attempt, emailKey, clientAddr, now);
            if (recoveryCodes != null) {
                audit.record("mfa.enrolled", token.tenantId(), token.userId(), token.userId(), null);
                sessions.revokeAllOfUserExcept(token.userId(), null, SessionService.REASON_MFA_ENROLLED, now);
            }
            if (factor == MfaService.Factor.RECOVERY_CODE) {
                audit.record("mfa.recovery_code_used", token.tenantId(), token.userId(), token.userId(), null);
            }
            audit.record(token.purpose() == MfaPurpose.STEP_UP ? "auth.switch" : "auth.login.succeeded",
                    token.tenantId(), token.userId(), null, "{\"amr\":\"pwd otp\"}");
            Proven proven = new Proven(token.userId(), m.get().tenant(), m.get().membership(), m.get().emailVerified(),
                    recoveryCodes, token.purpose());
            return new Decided<>(admission.admit(proven, now), null);
        });
        if (decided.refusal() != null) {
            throw decided.refusal();
        }
        return decided.value();
    }

    /** The hosted login page's next step for a user who proved the password (or holds a browser session). */
    public sealed interface Step {
        /** Every factor the tenant and the user need is proven, with {@code amr}. */
        record Done(UUID userId, Tenant tenant, Membership membership, boolean emailVerified, String amr) implements Step {}

        /** The user has TOTP (or the tenant requires it and the user has it): a login mfa_token for the code. */
        record NeedsCode(String mfaToken) implements Step {}

        /** The tenant requires a second factor the user has not: an enrollment mfa_token. */
        record NeedsEnrollment(String mfaToken) implements Step {}
    }

    /**
     * For a user who proved the password just now ({@code amr} {@code pwd}, after {@link #authenticate})
     * or earlier in this browser ({@code amr} as then): the tenant's rules in the caller's transaction.
     * Not an active member: 401 {@code invalid_credentials} (the page shows one message for every
     * failure); an unverified address where the tenant requires one: 403 {@code email_unverified};
     * then {@link Step.Done} when no further factor is needed, else an mfa_token for the code or the
     * enrollment, as {@link #admit} gives at the JSON login.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Step nextStep(UUID userId, UUID tenantId, String amr, Instant now) {
        Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(userId, tenantId);
        if (m.isEmpty()) {
            throw ProblemException.invalidCredentials();
        }
        Tenant tenant = m.get().tenant();
        if (tenant.requireVerifiedEmail && !m.get().emailVerified()) {
            audit.record("auth.login.email_unverified", tenant.id, userId, null, null);
            throw ProblemException.emailUnverified();
        }
        if (Session.PWD_OTP.equals(amr)) {
            return new Step.Done(userId, tenant, m.get().membership(), m.get().emailVerified(), amr);
        }
        return switch (mfa.requirement(userId, tenant.mfaRequired)) {
            case NONE -> {
                audit.record("auth.login.succeeded", tenant.id, userId, null, "{\"front\":\"oauth\"}");
                yield new Step.Done(userId, tenant, m.get().membership(), m.get().emailVerified(), Session.PWD);
            }
            case TOTP -> {
                audit.record("auth.login.mfa_required", tenant.id, userId, null, null);
                yield new Step.NeedsCode(mfa.issueToken(userId, tenant.id, MfaPurpose.LOGIN, now));
            }
            case ENROLLMENT -> {
                audit.record("auth.login.mfa_enrollment_required", tenant.id, userId, null, null);
                yield new Step.NeedsEnrollment(mfa.issueToken(userId, tenant.id, MfaPurpose.ENROLLMENT, now));
            }
        };
    }

    /**
     * The TOTP secret of an enrollment that a tenant's policy asked for: a new pending secret for
     * the enrollment mfa_token's user (counting no attempt; the token stays live for the first code).
     */
    @Transactional
    public TotpEnrollmentResponse enroll(MfaEnrollRequest request) {
        Instant now = Instant.now();
        MfaTokenRepository.Live token = mfa.liveEnrollmentToken(request.mfaToken(), now)
                .orElseThrow(() -> ProblemException.invalidToken(
                        "The mfa_token is unknown, used, expired or not an enrollment token; log in again."));
        return mfa.startEnrollment(token.userId(), token.email(), now);
    }

    /**
     * Rotates the refresh token. One transaction of two statements: the session lock, the token's
     * atomic rotation and its successor in one ({@link SessionService#rotate}), the membership and
     * tenant in the other; then the commit, then the signature. Reuse of a rotated token revokes its
     * session (committed) and answers 401 {@code token_reused}.
     */
    public TokenResponse refresh(RefreshTokenRequest request) {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            return switch (sessions.rotate(request.refreshToken(), now)) {
                case Rotation.Rotated rotated -> {
                    Session s = rotated.issued().session();
                    Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(s.userId, s.tenantId);
                    if (m.isEmpty()) {
                        sessions.revoke(s, SessionService.REASON_MEMBERSHIP, now);
                        yield new Denied(ProblemException.invalidToken("The membership of this session is no longer active."));
                    }
                    if (m.get().tenant().mfaRequired && !Session.PWD_OTP.equals(s.amr)) {
                        // opened without a second factor in a tenant that requires one (a login that raced
                        // the policy's revocation): the per-request check refuses it too
                        sessions.revoke(s, SessionService.REASON_MFA_REQUIRED, now);
                        yield new Denied(ProblemException.invalidToken("This tenant requires a second factor; log in again."));
                    }
                    yield new Granted(rotated.issued(), m.get().tenant(), m.get().membership(), m.get().emailVerified(),
                            now); // the session keeps its amr
                }
                case Rotation.Reused reused -> new Denied(ProblemException.tokenReused());
                case Rotation.Refused refused -> new Denied(ProblemException.invalidToken(refused.detail()));
            };
        });
        return answer(outcome);
    }

    /** Revokes the refresh token's session; idempotent, and silent about unknown tokens. */
    @Transactional
    public void logout(RefreshTokenRequest request) {
        sessions.logout(request.refreshToken(), Instant.now())
                .ifPresent(s -> audit.record("auth.logout", s.tenantId, s.userId, null, null));
    }

    @Transactional
    public void logoutAll(AccessPrincipal p) {
        int n = sessions.revokeAll(p.userId(), p.tenantId(), SessionService.REASON_LOGOUT_ALL, Instant.now());
        audit.record("auth.logout_all", p.tenantId(), p.userId(), null, "{\"sessions\":" + n + "}");
    }

    /**
     * A new session in another tenant where the caller is an active member; 403 otherwise. It
     * keeps the current session's {@code amr}; into a tenant with {@code mfa_required} from a
     * session without a second factor it answers 401 {@code mfa_required} with a step-up
     * mfa_token (or {@code mfa_enrollment_required} when the user has no TOTP yet).
     */
    public TokenResponse switchTenant(AccessPrincipal p, SwitchRequest request) {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(p.userId(), request.tenant());
            if (m.isEmpty()) {
                return new Denied(ProblemException.forbidden(NOT_MEMBER));
            }
            Tenant tenant = m.get().tenant();
            if (tenant.requireVerifiedEmail && !m.get().emailVerified()) {
                return new Denied(ProblemException.emailUnverified());
            }
            String amr = sessions.amrOf(p.sessionId()).orElse(Session.PWD);
            if (tenant.mfaRequired && !amr.equals(Session.PWD_OTP)) {
                MfaService.Requirement second = mfa.requirement(p.userId(), true);
                return admit(second, p.userId(), tenant, m.get().membership(), m.get().emailVerified(),
                        MfaPurpose.STEP_UP, now);
            }
            audit.record("auth.switch", tenant.id, p.userId(), null, null);
            return new Granted(sessions.start(p.userId(), tenant.id, amr, now), tenant, m.get().membership(),
                    m.get().emailVerified(), now);
        });
        return answer(outcome);
    }

    /**
     * A user who proved their password just now, for a tenant they are about to join (an
     * invitation accepted without a bearer token), who then {@link #signIn signs in} there.
     */
    public record Authenticated(User user) {}

    /**
     * Checks a password as login does, for {@code tenant}: the attempt reserved under the same
     * throttle first, one hash for an unknown email too, the same 401 {@code invalid_credentials}
     * for an unknown email and a wrong password. A right password is a success (the attempt
     * released, the hash upgraded if its parameters are old) and forgets the email's failures only
     * when no second factor is pending, as in login; a wrong one stays counted. Refusals are
     * recorded as login's are, under {@code action}.
     */
    public Authenticated authenticate(String rawEmail, String password, String clientAddr, Tenant tenant, String action) {
        String email = rawEmail.strip();
        String emailKey = LoginThrottle.emailKey(email);
        LoginThrottle.Attempt reserved = throttle.reserve(emailKey, clientAddr, Instant.now());
        Optional<User> user = QuarkusTransaction.requiringNew().call(() -> {
            Optional<User> found = users.findByEmail(email);
            if (reserved instanceof LoginThrottle.Limited) {
                recordRefusal(action + ".rate_limited", found, Optional.of(tenant), emailKey, clientAddr);
            }
            return found;
        });
        if (reserved instanceof LoginThrottle.Limited limited) {
            throw ProblemException.rateLimited(limited.retryAfter());
        }
        LoginThrottle.Reserved attempt = (LoginThrottle.Reserved) reserved;
        boolean passwordOk;
        String upgraded;
        try {
            passwordOk = user.isPresent() ? hasher.verify(password, user.get().passwordHash) : hasher.verifyDummy(password);
            upgraded = passwordOk && hasher.needsRehash(user.get().passwordHash) ? hasher.hash(password) : null;
        } catch (ProblemException busy) {
            QuarkusTransaction.requiringNew().run(() -> throttle.release(attempt));
            throw busy;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            if (!passwordOk) {
                recordRefusal(action + ".failed", user, Optional.of(tenant), emailKey, clientAddr);
                return;
            }
            if (mfa.requirement(user.get().id, tenant.mfaRequired) == MfaService.Requirement.NONE) {
                throttle.succeeded(attempt, emailKey, clientAddr, now);
            } else {
                throttle.release(attempt); // the email's failures stay until the second factor is right too
            }
            if (upgraded != null) {
                users.replacePasswordHash(user.get().id, user.get().passwordHash, upgraded, now);
            }
        });
        if (!passwordOk) {
            throw ProblemException.invalidCredentials();
        }
        return new Authenticated(user.get());
    }

    /**
     * Signs in a user who just proved their password ({@link #authenticate}) to the tenant with
     * this id, where they are an active member (403 otherwise), under the tenant's rules: a
     * verified address where the tenant requires one, then the second-factor step of login
     * ({@link #admit}: tokens, or 401 {@code mfa_required} / {@code mfa_enrollment_required} with an
     * mfa_token).
     */
    public TokenResponse signIn(UUID userId, UUID tenantId) {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(userId, tenantId);
            if (m.isEmpty()) {
                return new Denied(ProblemException.forbidden(NOT_MEMBER));
            }
            Tenant tenant = m.get().tenant();
            if (tenant.requireVerifiedEmail && !m.get().emailVerified()) {
                return new Denied(ProblemException.emailUnverified());
            }
            return admit(userId, tenant, m.get().membership(), m.get().emailVerified(), now);
        });
        return answer(outcome);
    }

    /**
     * A refused login goes into the tenant's audit trail only when the user is a member of that
     * tenant (active or not): anyone can name any tenant in a login body, and the trail must not
     * be floodable without logging in, nor map emails to user ids for the tenant's admins. Every
     * other refusal goes to the service-wide security log, aggregated per email key and address.
     */
    private void recordRefusal(String action, Optional<User> user, Optional<Tenant> tenant, String emailKey,
            String clientAddr) {
        boolean member = user.isPresent() && tenant.isPresent()
                && memberships.findMembership(user.get().id, tenant.get().id).isPresent();
        if (member) {
            audit.record(action, tenant.get().id, user.get().id, null, null);
        } else {
            securityLog.record(action, "email:" + emailKey.substring(0, 16));
            securityLog.record(action, "addr:" + clientAddr);
        }
    }

    /**
     * After the commit: signs the access token of a grant (issued at the transaction's time, so it
     * agrees with the refresh token's expiry), or throws the refusal.
     */
    public TokenResponse answer(Outcome outcome) {
        return switch (outcome) {
            case Denied denied -> throw denied.problem();
            case Granted g -> {
                Instant now = g.now();
                Membership m = g.membership();
                Session session = g.issued().session();
                AccessTokens.Signed access = accessTokens.sign(m.userId, g.tenant().id, g.tenant().slug, m.role,
                        session.id, g.emailVerified(), session.amrClaim(), now);
                long refreshIn = Math.max(0, Duration.between(now, g.issued().refreshExpiresAt()).toSeconds());
                yield new TokenResponse(access.token(), "Bearer", access.expiresIn(), g.issued().refreshToken(),
                        refreshIn, g.tenant().slug, m.role.wire(), g.recoveryCodes());
            }
        };
    }
}
