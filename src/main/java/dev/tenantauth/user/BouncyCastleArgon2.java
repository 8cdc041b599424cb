package dev.tenantauth.user;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * BouncyCastle's pure-Java Argon2id: runs everywhere (the native executable too), but allocates
 * the {@code m} KiB as one-KiB blocks on the Java heap for every hash, which the young collections
 * copy (docs/BENCHMARKS.md, "Login").
 */
final class BouncyCastleArgon2 implements Argon2Engine {

    @Override
    public byte[] hash(byte[] password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        byte[] out = new byte[length];
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params); // allocates the m KiB of blocks
        generator.generateBytes(password, out);
        return out;
    }

    @Override
    public String name() {
        return "bouncycastle";
    }

    @Override
    public boolean usesJavaHeap() {
        return true;
    }
}
