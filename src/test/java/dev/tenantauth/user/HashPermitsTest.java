package dev.tenantauth.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The default number of hashes at once: CPUs − 1, and no more than the heap holds (plain decision rule). */
class HashPermitsTest {

    static final long MIB = 1024L * 1024;
    static final long HASH = 19456L * 1024; // the default Argon2id memory

    @Test
    void theImagesFixedHeapHoldsOneHashWhateverTheCpus() {
        assertEquals(1, PasswordHasher.defaultPermits(2, 128 * MIB, HASH));
        assertEquals(1, PasswordHasher.defaultPermits(16, 128 * MIB, HASH));
    }

    @Test
    void aLargerHeapHoldsMoreAndTheCpusStillBound() {
        assertEquals(5, PasswordHasher.defaultPermits(16, 256 * MIB, HASH)); // (256 - 64) / (2 x 19) = 5
        assertEquals(3, PasswordHasher.defaultPermits(4, 6144 * MIB, HASH));
        assertEquals(1, PasswordHasher.defaultPermits(1, 6144 * MIB, HASH));
        assertEquals(7, PasswordHasher.defaultPermits(8, Long.MAX_VALUE, HASH));
    }

    @Test
    void aTinyHeapStillHasOnePermit() {
        assertEquals(1, PasswordHasher.defaultPermits(8, 32 * MIB, HASH));
    }
}
