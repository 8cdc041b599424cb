package dev.tenantauth.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tenantauth.tenant.TenantResponse;
import dev.tenantauth.user.UserResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;

@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // for Jackson in a native image: the entity of a 201
public record SignupResponse(UserResponse user, TenantResponse tenant, String role) {}
