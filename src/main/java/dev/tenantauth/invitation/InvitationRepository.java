package dev.tenantauth.invitation;

import dev.tenantauth.common.EmailKey;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class InvitationRepository implements PanacheRepositoryBase<Invitation, UUID> {

    /** Index: uq_invitations_token_hash. */
    public Optional<Invitation> findByHash(byte[] hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    /** Open invitations of a tenant, newest first, at most {@code limit}. Index: ix_invitations_tenant. */
    public List<Invitation> findOpen(UUID tenantId, Instant now, int limit) {
        return find("tenantId = :t and acceptedAt is null and revokedAt is null and expiresAt > :now"
                                + " order by createdAt desc, id",
                        Parameters.with("t", tenantId).and("now", now))
                .page(0, limit)
                .list();
    }

    /**
     * Revokes the open invitations of one address in a tenant (a new invitation replaces them),
     * compared by {@link EmailKey}. Index: ix_invitations_tenant.
     */
    public int revokeOpenFor(UUID tenantId, String email, Instant now) {
        return update("revokedAt = :now where tenantId = :t and emailNorm = :key"
                        + " and acceptedAt is null and revokedAt is null",
                Parameters.with("now", now).and("t", tenantId).and("key", EmailKey.of(email)));
    }

    /**
     * Marks the invitation accepted if, and only if, it is still open: one atomic conditional
     * update, so of concurrent accepts exactly one wins.
     */
    public boolean markAccepted(UUID id, UUID userId, Instant now) {
        return update("acceptedAt = :now, acceptedBy = :user where id = :id and acceptedAt is null"
                        + " and revokedAt is null and expiresAt > :now",
                Parameters.with("now", now).and("user", userId).and("id", id))
                == 1;
    }

    /**
     * Gives an open invitation the token that is being mailed (the sender mints it; the one made
     * at creation was never shown). Index: invitations_pkey.
     */
    public boolean replaceToken(UUID id, byte[] hash, Instant now) {
        return update("tokenHash = :hash where id = :id and acceptedAt is null and revokedAt is null and expiresAt > :now",
                Parameters.with("hash", hash).and("id", id).and("now", now))
                == 1;
    }
}
