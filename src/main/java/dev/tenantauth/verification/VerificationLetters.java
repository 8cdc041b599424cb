package dev.tenantauth.verification;

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
 * Composes verification, change-of-address confirmation and change notice mails when they are
 * sent: the token is minted here (only its hash stored, older open ones voided), so no token ever
 * sits in the outbox, and its lifetime counts from the delivery, not from the request.
 */
@ApplicationScoped
public class VerificationLetters implements LetterSource {

    private final UserRepository users;
    private final EmailVerificationRepository verifications;
    private final Letters letters;
    private final Duration ttl;

    VerificationLetters(UserRepository users, EmailVerificationRepository verifications, Letters letters,
            AuthConfig config) {
        this.users = users;
        this.verifications = verifications;
        this.letters = letters;
        this.ttl = config.email().verificationTtl();
    }

    @Override
    public Set<MailKind> kinds() {
        return Set.of(MailKind.VERIFY, MailKind.CHANGE_CONFIRM, MailKind.CHANGE_NOTICE);
    }

    @Override
    public Optional<Letter> compose(OutboxRow row, Instant now) {
        Optional<User> user = users.findByIdOptional(row.subjectId());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        User u = user.get();
        return switch (row.kind()) {
            case VERIFY -> u.emailVerified() ? Optional.empty() : Optional.of(mint(MailKind.VERIFY, u, u.email, false, now));
            case CHANGE_CONFIRM -> Optional.of(mint(MailKind.CHANGE_CONFIRM, u, row.newAddress(), true, now));
            case CHANGE_NOTICE -> Optional.of(letters.render(MailKind.CHANGE_NOTICE, row.recipient(),
                    Map.of("newAddress", row.newAddress())));
            default -> throw new IllegalArgumentException(row.kind().wire());
        };
    }

    private Letter mint(MailKind kind, User user, String address, boolean change, Instant now) {
        String token = OpaqueTokens.generate();
        verifications.issue(user.id, address, change, OpaqueTokens.hash(token), now, ttl);
        return letters.render(kind, address, Map.of("link", letters.verifyLink(token), "validFor", Letters.human(ttl),
                "newAddress", address));
    }
}
