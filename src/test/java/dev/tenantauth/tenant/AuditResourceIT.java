package dev.tenantauth.tenant;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class AuditResourceIT extends AuditResourceTest {}
