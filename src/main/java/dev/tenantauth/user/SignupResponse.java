package dev.tenantauth.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tenantauth.tenant.TenantView;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignupResponse(UserView user, TenantView tenant, String role) {}
