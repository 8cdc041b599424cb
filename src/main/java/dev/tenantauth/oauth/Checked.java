package dev.tenantauth.oauth;

/** What checking an authorization request gave: the request, or why it cannot go on. */
public sealed interface Checked permits AuthorizationRequest, AuthorizationRequest.Refused {}
