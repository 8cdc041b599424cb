package dev.tenantauth.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class AuthResourceIT extends AuthResourceTest {}
