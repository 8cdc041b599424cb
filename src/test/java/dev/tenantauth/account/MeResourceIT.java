package dev.tenantauth.account;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged service. */
@QuarkusIntegrationTest
class MeResourceIT extends MeResourceTest {}
