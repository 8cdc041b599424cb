package dev.tenantauth.factor;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class MfaResourceIT extends MfaResourceTest {}
