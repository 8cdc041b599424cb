package dev.tenantauth.oauth;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Authorization codes. */
@ApplicationScoped
public class CodeRepository implements PanacheRepositoryBase<AuthorizationCode, UUID> {

    /**
     * Spends the code with this hash: one conditional UPDATE ({@code used_at IS NULL}), so of two
     * concurrent exchanges exactly one gets the row; the other waits for the winner's commit and
     * then matches nothing. Index: uq_oauth_codes_code_hash.
     */
    public Optional<UUID> spend(byte[] hash, Instant now) {
        Object id = getEntityManager().createNativeQuery(
                        "UPDATE oauth_codes SET used_at = ?1 WHERE code_hash = ?2 AND used_at IS NULL RETURNING id")
                .setParameter(1, now)
                .setParameter(2, hash)
                .getResultList().stream().findFirst().orElse(null);
        return Optional.ofNullable((UUID) id);
    }

    /** The code with this hash, whatever its state. Index: uq_oauth_codes_code_hash. */
    public Optional<AuthorizationCode> findByHash(byte[] hash) {
        return find("codeHash", (Object) hash).firstResultOptional();
    }

    /** Deletes codes that expired before {@code before}; returns how many. Index: ix_oauth_codes_expires. */
    public long deleteExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
