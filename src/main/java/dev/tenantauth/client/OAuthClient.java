package dev.tenantauth.client;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A registered OAuth client of a tenant (V31). Its id is the wire {@code client_id}. Confidential
 * clients hold the SHA-256 of their secret; {@code toString} is Object's, so no hash is printed.
 */
@Entity
@Table(name = "oauth_clients")
public class OAuthClient {

    public static final String CONFIDENTIAL = "confidential";
    public static final String PUBLIC = "public";

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;

    @Column(nullable = false)
    public String name;

    @Column(name = "client_type", nullable = false)
    public String type;

    @Column(name = "secret_hash")
    public byte[] secretHash;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "redirect_uris", nullable = false)
    public List<String> redirectUris;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "grant_types", nullable = false)
    public List<String> grantTypes;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> scopes;

    @Column(nullable = false)
    public boolean enabled = true;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public boolean isConfidential() {
        return CONFIDENTIAL.equals(type);
    }

    /** Enabled and not deleted: its tokens work and it may obtain new ones. */
    public boolean isUsable() {
        return enabled && deletedAt == null;
    }

    public boolean allowsGrant(String grant) {
        return grantTypes.contains(grant);
    }

    /** Constant time in the hash length, whatever the presented secret. */
    public boolean secretMatches(byte[] presentedHash) {
        return secretHash != null && MessageDigest.isEqual(secretHash, presentedHash);
    }
}
