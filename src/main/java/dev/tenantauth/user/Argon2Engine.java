package dev.tenantauth.user;

/**
 * One Argon2id (version 0x13) computation: the raw hash of {@code password} with {@code salt},
 * {@code m} KiB of memory, {@code t} passes and {@code p} lanes. Implementations give identical
 * bytes ({@code Argon2EnginesTest} cross-checks them); {@link PasswordHasher} picks one at start.
 */
sealed interface Argon2Engine permits BouncyCastleArgon2, NativeArgon2 {

    byte[] hash(byte[] password, byte[] salt, int m, int t, int p, int length);

    /** What the start-up log and the metrics call this implementation. */
    String name();

    /** True when a hash in flight holds its {@code m} KiB on the Java heap (the permits must fit the heap). */
    boolean usesJavaHeap();
}
