package dev.tenantauth.recovery;

import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.mail.Letter;
import dev.tenantauth.mail.LetterSource;
import dev.tenantauth.mail.Letters;
import dev.tenantauth.mail.MailKind;
import dev.tenantauth.mail.OutboxRow;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Composes reset mails and reset notices when they are sent. A reset row names an address: if an
 * account has it, a token is minted here (its hash stored, older open resets voided) and mailed;
 * if not, there is nothing to send. Either way the request that queued it did the same work.
 */
@ApplicationScoped
public class RecoveryLetters implements LetterSource {

    private final UserRepository users;
    private final PasswordResetRepository resets;
    private final Letters letters;
    private final Duration ttl;

    RecoveryLetters(UserRepository users, PasswordResetRepository resets, Letters letters, AuthConfig config) {
        this.users = users;
        this.resets = resets;
        this.letters = letters;
        this.ttl = config.email().resetTtl();
    }

    @Override
    public Set<MailKind> kinds() {
        return Set.of(MailKind.RESET, MailKind.RESET_NOTICE);
    }

    @Override
    public Optional<Letter> compose(OutboxRow row, Instant now) {
        if (row.kind() == MailKind.RESET_NOTICE) {
            return users.findByIdOptional(row.subjectId())
                    .map(u -> letters.render(MailKind.RESET_NOTICE, u.email, Map.of()));
        }
        Optional<User> user = users.findByEmail(row.recipient());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String token = OpaqueTokens.generate();
        resets.issue(user.get().id, OpaqueTokens.hash(token), now, ttl);
        return Optional.of(letters.render(MailKind.RESET, user.get().email,
                Map.of("link", letters.resetLink(token), "validFor", Letters.human(ttl))));
    }
}
