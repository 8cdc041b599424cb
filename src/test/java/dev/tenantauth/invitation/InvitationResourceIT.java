package dev.tenantauth.invitation;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class InvitationResourceIT extends InvitationResourceTest {}
