package dev.tenantauth.error;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class BadInputIT extends BadInputTest {}
