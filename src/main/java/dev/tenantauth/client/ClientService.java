package dev.tenantauth.client;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.common.Ids;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The tenant's OAuth clients, administered by its admins and owners (audited). A confidential
 * client's secret (256 bits) is shown once, in the answer that creates or renews it; only its
 * SHA-256 is stored. Disabling or deleting a client revokes every session issued to it, in the
 * same transaction, after taking the client row's lock (a code exchange or refresh holds it shared
 * while it issues, so none slips in between); its client-credentials tokens are refused on the
 * next request by the client check.
 */
@ApplicationScoped
@Transactional
public class ClientService {

    static final int MAX_CLIENTS_PER_TENANT = 200;

    private final ClientRepository clients;
    private final TenantAccess access;
    private final SessionService sessions;
    private final AuditLog audit;

    ClientService(ClientRepository clients, TenantAccess access, SessionService sessions, AuditLog audit) {
        this.clients = clients;
        this.access = access;
        this.sessions = sessions;
        this.audit = audit;
    }

    public ClientResponse create(AccessPrincipal caller, String slug, ClientCreateRequest request) {
        Tenant tenant = access.requireAdmin(caller, slug, true); // the tenant lock serializes the count below
        if (clients.countOfTenant(tenant.id) >= MAX_CLIENTS_PER_TENANT) {
            throw ProblemException.conflict("A tenant has at most " + MAX_CLIENTS_PER_TENANT + " clients.");
        }
        List<String> grants = ClientRules.grants(request.grantTypes(), request.type());
        OAuthClient c = new OAuthClient();
        c.id = UUID.randomUUID();
        c.tenantId = tenant.id;
        c.name = request.name().strip();
        c.type = request.type();
        c.grantTypes = grants;
        c.redirectUris = ClientRules.redirectUris(request.redirectUris(), grants);
        c.scopes = ClientRules.scopes(request.scopes(), grants);
        String secret = null;
        if (c.isConfidential()) {
            secret = OpaqueTokens.generate();
            c.secretHash = OpaqueTokens.hash(secret);
        }
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        clients.persist(c);
        audit.record("client.created", tenant.id, caller.userId(), null, details(c));
        return ClientResponse.of(c, secret);
    }

    public List<ClientResponse> list(AccessPrincipal caller, String slug) {
        Tenant tenant = access.requireAdmin(caller, slug, false);
        return clients.listOfTenant(tenant.id, MAX_CLIENTS_PER_TENANT).stream().map(c -> ClientResponse.of(c, null))
                .toList();
    }

    public ClientResponse get(AccessPrincipal caller, String slug, String clientId) {
        Tenant tenant = access.requireAdmin(caller, slug, false);
        return Ids.parse(clientId).flatMap(clients::findLive).filter(c -> c.tenantId.equals(tenant.id))
                .map(c -> ClientResponse.of(c, null)).orElseThrow(ClientService::notFound);
    }

    public ClientResponse change(AccessPrincipal caller, String slug, String clientId, ClientChangeRequest request) {
        Tenant tenant = access.requireAdmin(caller, slug, false);
        OAuthClient c = lock(tenant, clientId);
        List<String> grants = request.grantTypes() == null ? c.grantTypes : ClientRules.grants(request.grantTypes(), c.type);
        List<String> uris = ClientRules.redirectUris(request.redirectUris() == null ? c.redirectUris : request.redirectUris(),
                grants);
        List<String> scopes = request.scopes() == null && request.grantTypes() == null ? c.scopes
                : ClientRules.scopes(request.scopes() == null ? c.scopes : request.scopes(), grants);
        boolean wasEnabled = c.enabled;
        if (request.name() != null) {
            c.name = request.name().strip();
        }
        c.grantTypes = grants;
        c.redirectUris = uris;
        c.scopes = scopes;
        if (request.enabled() != null) {
            c.enabled = request.enabled();
        }
        Instant now = Instant.now();
        c.updatedAt = now;
        int revoked = wasEnabled && !c.enabled
                ? sessions.revokeOfClient(c.id, SessionService.REASON_CLIENT_DISABLED, now)
                : 0;
        audit.record("client.changed", tenant.id, caller.userId(), null,
                details(c).replaceFirst("}$", ",\"sessions_revoked\":" + revoked + "}"));
        return ClientResponse.of(c, null);
    }

    /** A new secret for a confidential client; the old one stops working at once. */
    public ClientResponse renewSecret(AccessPrincipal caller, String slug, String clientId) {
        Tenant tenant = access.requireAdmin(caller, slug, false);
        OAuthClient c = lock(tenant, clientId);
        if (!c.isConfidential()) {
            throw ProblemException.conflict("A public client has no secret.");
        }
        String secret = OpaqueTokens.generate();
        c.secretHash = OpaqueTokens.hash(secret);
        c.updatedAt = Instant.now();
        audit.record("client.secret_renewed", tenant.id, caller.userId(), null, "{\"client_id\":\"" + c.id + "\"}");
        return ClientResponse.of(c, secret);
    }

    public void delete(AccessPrincipal caller, String slug, String clientId) {
        Tenant tenant = access.requireAdmin(caller, slug, false);
        OAuthClient c = lock(tenant, clientId);
        Instant now = Instant.now();
        c.deletedAt = now;
        c.enabled = false;
        c.updatedAt = now;
        int revoked = sessions.revokeOfClient(c.id, SessionService.REASON_CLIENT_DELETED, now);
        audit.record("client.deleted", tenant.id, caller.userId(), null,
                "{\"client_id\":\"" + c.id + "\",\"sessions_revoked\":" + revoked + "}");
    }

    private OAuthClient lock(Tenant tenant, String clientId) {
        return Ids.parse(clientId).flatMap(id -> clients.lockInTenant(tenant.id, id)).orElseThrow(ClientService::notFound);
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("No such client in this tenant.");
    }

    private static String details(OAuthClient c) {
        return "{\"client_id\":\"" + c.id + "\",\"type\":\"" + c.type + "\",\"enabled\":" + c.enabled
                + ",\"grant_types\":" + jsonArray(c.grantTypes) + ",\"redirect_uris\":" + c.redirectUris.size() + "}";
    }

    private static String jsonArray(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
