package dev.tenantauth.invitation;

import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.mail.Letter;
import dev.tenantauth.mail.LetterSource;
import dev.tenantauth.mail.Letters;
import dev.tenantauth.mail.MailKind;
import dev.tenantauth.mail.OutboxRow;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Composes an invitation mail when it is sent: mints the invitation's token (replacing the hash
 * of the unseen one made at creation), so the outbox never holds it. An invitation accepted,
 * revoked or expired meanwhile is not mailed.
 */
@ApplicationScoped
public class InvitationLetters implements LetterSource {

    private final InvitationRepository invitations;
    private final TenantRepository tenants;
    private final Letters letters;

    InvitationLetters(InvitationRepository invitations, TenantRepository tenants, Letters letters) {
        this.invitations = invitations;
        this.tenants = tenants;
        this.letters = letters;
    }

    @Override
    public Set<MailKind> kinds() {
        return Set.of(MailKind.INVITATION);
    }

    @Override
    public Optional<Letter> compose(OutboxRow row, Instant now) {
        Optional<Invitation> invitation = invitations.findByIdOptional(row.subjectId()).filter(i -> i.isOpen(now));
        if (invitation.isEmpty()) {
            return Optional.empty();
        }
        Invitation i = invitation.get();
        String token = OpaqueTokens.generate();
        if (!invitations.replaceToken(i.id, OpaqueTokens.hash(token), now)) {
            return Optional.empty();
        }
        String tenant = tenants.findByIdOptional(i.tenantId).map((Tenant t) -> t.name).orElse("a tenant");
        return Optional.of(letters.render(MailKind.INVITATION, i.email, Map.of("link", letters.invitationLink(token),
                "tenant", tenant, "role", i.role.wire(),
                "expires", i.expiresAt.truncatedTo(ChronoUnit.MINUTES).toString().replace('T', ' ').replace("Z", " UTC"))));
    }
}
