package dev.tenantauth.mfa;

import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A user's second factor: the TOTP secret (sealed), the recovery codes (hashed), and the
 * mfa_tokens that carry a login, enrollment or step-up from the password to the code. Every
 * single-use thing is spent by one conditional statement in its repository. Runs in the
 * caller's transaction; refusals are results (false, empty), never writes rolled back.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class MfaService {

    /** What a login into a tenant still needs after the password. */
    public enum Requirement {
        NONE, TOTP, ENROLLMENT
    }

    /** The factor a code was right for. */
    public enum Factor {
        TOTP, RECOVERY_CODE
    }

    private final TotpRepository totps;
    private final RecoveryCodeRepository codes;
    private final MfaTokenRepository tokens;
    private final MfaKeys keys;
    private final AuthConfig.Mfa config;
    private final Totp totp = new Totp();

    MfaService(TotpRepository totps, RecoveryCodeRepository codes, MfaTokenRepository tokens, MfaKeys keys,
            AuthConfig config) {
        this.totps = totps;
        this.codes = codes;
        this.tokens = tokens;
        this.keys = keys;
        this.config = config.mfa();
    }

    /** TOTP on: always the code; off: enrollment if the tenant requires a factor, else nothing. */
    public Requirement requirement(UUID userId, boolean tenantRequiresMfa) {
        if (totpOn(userId)) {
            return Requirement.TOTP;
        }
        return tenantRequiresMfa ? Requirement.ENROLLMENT : Requirement.NONE;
    }

    public boolean totpOn(UUID userId) {
        return totps.find(userId).filter(TotpRepository.Row::confirmed).isPresent();
    }

    /** A new mfa_token (the only copy; its SHA-256 is stored), valid {@code token-ttl}. */
    public String issueToken(UUID userId, UUID tenantId, MfaPurpose purpose, Instant now) {
        keys.box(); // 503 now rather than a token that cannot be finished
        String value = OpaqueTokens.generate();
        tokens.insert(UUID.randomUUID(), OpaqueTokens.hash(value), userId, tenantId, purpose, now,
                now.plus(config.tokenTtl()));
        return value;
    }

    /** Counts one attempt against the token (see {@link MfaTokenRepository#countAttempt}); empty: dead. */
    public Optional<MfaTokenRepository.Live> attempt(String mfaToken, Instant now) {
        return tokens.countAttempt(OpaqueTokens.hash(mfaToken), config.maxAttemptsPerToken(), now);
    }

    /** A live enrollment token, without counting an attempt. */
    public Optional<MfaTokenRepository.Live> liveEnrollmentToken(String mfaToken, Instant now) {
        return tokens.findLive(OpaqueTokens.hash(mfaToken), config.maxAttemptsPerToken(), now)
                .filter(t -> t.purpose() == MfaPurpose.ENROLLMENT);
    }

    public boolean spendToken(UUID tokenId, Instant now) {
        return tokens.spend(tokenId, now);
    }

    /**
     * A new pending secret (replacing a pending one): the base32 secret and otpauth URI, shown
     * this once. 409 when TOTP is already on.
     */
    public TotpEnrollmentResponse startEnrollment(UUID userId, String email, Instant now) {
        SecretBox box = keys.box();
        byte[] secret = Totp.newSecret();
        SecretBox.Sealed sealed = box.seal(userId, secret);
        if (!totps.putPending(userId, sealed.keyId(), sealed.bytes(), now)) {
            throw ProblemException.conflict("TOTP is already on; turn it off first to enroll a new authenticator.");
        }
        String b32 = Totp.base32(secret);
        return new TotpEnrollmentResponse(b32, Totp.otpauthUri(config.issuerName(), email, b32));
    }

    /**
     * Confirms the pending secret with its first code: TOTP is on and a fresh set of recovery
     * codes is returned (to be shown once). Empty when the code is wrong; 409 when nothing is
     * pending (TOTP already on, or never started).
     */
    public Optional<List<String>> confirm(UUID userId, String code, Instant now) {
        TotpRepository.Row row = totps.find(userId).filter(r -> !r.confirmed())
                .orElseThrow(() -> ProblemException.conflict("There is no pending TOTP enrollment to confirm."));
        byte[] secret = keys.box().open(userId, row.keyId(), row.secret());
        OptionalLong step = totp.match(secret, code, now, null);
        if (step.isEmpty() || !totps.confirm(userId, row.secret(), step.getAsLong(), now)) {
            return Optional.empty();
        }
        return Optional.of(newRecoveryCodes(userId, now));
    }

    /** A TOTP code of a confirmed secret, accepted at most once (see {@link TotpRepository#acceptStep}). */
    public boolean verifyTotp(UUID userId, String code, Instant now) {
        Optional<TotpRepository.Row> row = totps.find(userId).filter(TotpRepository.Row::confirmed);
        if (row.isEmpty()) {
            return false;
        }
        SecretBox box = keys.box();
        byte[] secret = box.open(userId, row.get().keyId(), row.get().secret());
        OptionalLong step = totp.match(secret, code, now, row.get().lastStep());
        if (step.isEmpty() || !totps.acceptStep(userId, step.getAsLong())) {
            return false;
        }
        if (!row.get().keyId().equals(box.currentKeyId())) { // rotated: move the secret to the current key
            SecretBox.Sealed resealed = box.seal(userId, secret);
            totps.reseal(userId, row.get().secret(), resealed.keyId(), resealed.bytes());
        }
        return true;
    }

    /** Spends one recovery code (any case, dashes and spaces ignored); false when unknown or used. */
    public boolean useRecoveryCode(UUID userId, String code, Instant now) {
        Optional<String> canonical = RecoveryCodes.normalize(code);
        if (canonical.isEmpty() || !totpOn(userId)) {
            return false;
        }
        return codes.use(userId, keys.box().codeHashes(userId, canonical.get()), now);
    }

    /** A TOTP code or a recovery code: which one was right, or empty. */
    public Optional<Factor> verifyAny(UUID userId, String code, Instant now) {
        if (code != null && code.matches("[0-9]{6}")) {
            return verifyTotp(userId, code, now) ? Optional.of(Factor.TOTP) : Optional.empty();
        }
        return useRecoveryCode(userId, code, now) ? Optional.of(Factor.RECOVERY_CODE) : Optional.empty();
    }

    /** A new set of recovery codes; the old set stops working. */
    public List<String> newRecoveryCodes(UUID userId, Instant now) {
        SecretBox box = keys.box();
        List<String> fresh = RecoveryCodes.generate();
        codes.replace(userId, box.currentKeyId(),
                fresh.stream().map(c -> box.codeHash(userId, RecoveryCodes.normalize(c).orElseThrow())).toList(), now);
        return fresh;
    }

    /** TOTP off and the recovery codes dropped; false when TOTP was not on. */
    public boolean disable(UUID userId) {
        codes.deleteAll(userId);
        return totps.delete(userId);
    }
}
