package dev.tenantauth.ops;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer of POST /v1/admin/login-locks/lift: how many failed logins of the email were forgotten. */
@RegisterForReflection
public record LockLiftResponse(int forgottenFailures) {}
