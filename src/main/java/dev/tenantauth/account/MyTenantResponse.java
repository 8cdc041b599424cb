package dev.tenantauth.account;

import dev.tenantauth.tenant.TenantResponse;

/** One item of GET /v1/me/tenants: a tenant where the caller is an active member, with the role. */
public record MyTenantResponse(TenantResponse tenant, String role) {}
