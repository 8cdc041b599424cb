package dev.tenantauth.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class BearerTokenIT extends BearerTokenTest {}
