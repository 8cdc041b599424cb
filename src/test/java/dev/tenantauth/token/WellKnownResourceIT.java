package dev.tenantauth.token;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class WellKnownResourceIT extends WellKnownResourceTest {}
