package dev.tenantauth.audit;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class AuditResourceIT extends AuditResourceTest {}
