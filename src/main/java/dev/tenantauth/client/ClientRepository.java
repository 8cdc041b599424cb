package dev.tenantauth.client;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The registered clients. Deleted clients keep their rows (deleted_at) and are found by none of these. */
@ApplicationScoped
public class ClientRepository implements PanacheRepositoryBase<OAuthClient, UUID> {

    /** A client that is not deleted, enabled or not. Index: oauth_clients_pkey. */
    public Optional<OAuthClient> findLive(UUID id) {
        return find("id = ?1 and deletedAt is null", id).firstResultOptional();
    }

    /**
     * A client that is not deleted, locked {@code FOR SHARE}: a code exchange or a refresh holds it
     * while it starts or rotates a session, so a concurrent disable or delete (which updates the
     * row, then revokes the client's sessions) waits for it and then revokes what it issued.
     * Index: oauth_clients_pkey.
     */
    public Optional<OAuthClient> findLiveShared(UUID id) {
        return find("id = ?1 and deletedAt is null", id).withLock(LockModeType.PESSIMISTIC_READ).firstResultOptional();
    }

    /** A tenant's client, locked for a change. Index: oauth_clients_pkey. */
    public Optional<OAuthClient> lockInTenant(UUID tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2 and deletedAt is null", id, tenantId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** A tenant's live clients, oldest first. Index: ix_oauth_clients_tenant. */
    public List<OAuthClient> listOfTenant(UUID tenantId, int limit) {
        return find("tenantId = :tenantId and deletedAt is null order by createdAt, id",
                        Parameters.with("tenantId", tenantId))
                .page(0, limit)
                .list();
    }

    /** How many live clients a tenant has. Index: ix_oauth_clients_tenant. */
    public long countOfTenant(UUID tenantId) {
        return count("tenantId = ?1 and deletedAt is null", tenantId);
    }
}
