package dev.tenantauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SigningKeysTest {

    @Inject
    SigningKeys keys;

    /** Instances starting together on a database without a key end with exactly one key. */
    @Test
    void concurrentStartsOnAnEmptyTableCreateOneKey() throws Exception {
        Db.exec("CREATE TEMP TABLE IF NOT EXISTS x (y int)"); // warm the pool
        Db.exec("UPDATE signing_keys SET retired_at = now(), verify_until = now() + interval '1 hour'"
                + " WHERE retired_at IS NULL");
        try {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    keys.ensureSigningKey();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) {
                f.get();
            }
            pool.shutdown();
            assertEquals(1L, Db.scalar("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL"));
        } finally {
            keys.refresh();
        }
    }
}
