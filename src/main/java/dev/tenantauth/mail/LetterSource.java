package dev.tenantauth.mail;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Composes the mails of some kinds when the sender delivers them. Each flow (verification,
 * recovery, invitations) implements it in its own package, so the sender depends on nothing above
 * it. {@link #compose} runs in a transaction of its own that commits before the mail goes out: a
 * token it mints (its hash stored in the flow's table) is valid by the time the mail arrives.
 * Empty means there is nothing to send (an unknown address for a reset, an invitation revoked
 * meanwhile, an address verified meanwhile), and the row is done.
 */
public interface LetterSource {

    Set<MailKind> kinds();

    Optional<Letter> compose(OutboxRow row, Instant now);
}
