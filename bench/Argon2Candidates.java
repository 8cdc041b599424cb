import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Compares three Argon2id implementations at equal parameters (issue 18, "Login"): BouncyCastle
 * (what PasswordHasher uses), Password4j, and the reference C library (Debian's libargon2-1)
 * called through java.lang.foreign. First checks that all three give the same bytes on a set of
 * vectors (a PHC string made by the service's own PasswordHasher, the reference test vector, and
 * cross-checks), and stops if they do not. Then, in this one JVM, with the candidates interleaved
 * (the order rotates each round, so machine noise falls on all):
 * <ul>
 * <li>single-threaded: median ms per hash and Java-heap bytes allocated per hash
 * (com.sun.management.ThreadMXBean#getThreadAllocatedBytes);
 * <li>N threads hashing concurrently for a bounded time: hashes/s, median latency, GC count and
 * time (GarbageCollectorMXBeans) and the peak RSS of the process during the run (VmHWM of
 * /proc/self/status, reset through /proc/self/clear_refs before each run).
 * </ul>
 * Run: bench/argon2-candidates (-Dseconds=10 -Drounds=2 -Dthreads=2,4 -Dsingle=10 -Dcandidates=bc,p4j,ffm -Dm= -Dt= -Dp=).
 */
public class Argon2Candidates {

    interface Candidate {
        String name();

        byte[] hash(byte[] password, byte[] salt, int m, int t, int p, int length);

        /** Called before a measured phase: a candidate that keeps state per parameters makes it here. */
        default void open(int m, int t, int p, int length) {}

        /** Called after a measured phase: drops what open kept, so it does not weigh on the others. */
        default void close() {}
    }

    /** BouncyCastle, exactly as PasswordHasher.compute does it (a new generator per hash). */
    static final class Bc implements Candidate {
        public String name() {
            return "bouncycastle";
        }

        public byte[] hash(byte[] password, byte[] salt, int m, int t, int p, int length) {
            Argon2BytesGenerator g = new Argon2BytesGenerator();
            g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build());
            byte[] out = new byte[length];
            g.generateBytes(password, out);
            return out;
        }
    }

    /**
     * Password4j. Its Argon2Function.getInstance caches one instance per parameter set in a static
     * map for good, and each instance holds m KiB of zeroed blocks on the heap that every hash
     * copies; to keep that 19 MiB off the other candidates' phases the instance is made through the
     * same constructor getInstance calls (package-private) in open and dropped in close.
     */
    static final class P4j implements Candidate {
        private final Map<String, Object> functions = new java.util.concurrent.ConcurrentHashMap<>();
        private static final Constructor<?> CTOR;
        private static final Object ID;

        static {
            try {
                Class<?> fn = Class.forName("com.password4j.Argon2Function");
                Class<?> type = Class.forName("com.password4j.types.Argon2");
                CTOR = fn.getDeclaredConstructor(int.class, int.class, int.class, int.class, type, int.class);
                CTOR.setAccessible(true);
                ID = type.getField("ID").get(null);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        public String name() {
            return "password4j";
        }

        private com.password4j.Argon2Function function(int m, int t, int p, int length) {
            return (com.password4j.Argon2Function) functions.computeIfAbsent(m + "," + t + "," + p + "," + length, k -> {
                try {
                    return CTOR.newInstance(m, t, p, length, ID, com.password4j.Argon2Function.ARGON2_VERSION_13);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        public void open(int m, int t, int p, int length) {
            function(m, t, p, length);
        }

        public byte[] hash(byte[] password, byte[] salt, int m, int t, int p, int length) {
            return function(m, t, p, length).hash(password, salt).getBytes();
        }

        public void close() {
            functions.clear();
        }
    }

    /** libargon2 (the reference C implementation) through a java.lang.foreign downcall. */
    static final class Ffm implements Candidate {
        private static final MethodHandle HASH_RAW;
        private static final MethodHandle ERROR_MESSAGE;
        static final String LIB = System.getProperty("argon2.lib", "/usr/lib/x86_64-linux-gnu/libargon2.so.1");

        static {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(LIB), Arena.global());
            // int argon2id_hash_raw(uint32_t t_cost, uint32_t m_cost, uint32_t parallelism,
            //     const void *pwd, size_t pwdlen, const void *salt, size_t saltlen, void *hash, size_t hashlen)
            HASH_RAW = linker.downcallHandle(lib.find("argon2id_hash_raw").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
            // const char *argon2_error_message(int error_code)
            ERROR_MESSAGE = linker.downcallHandle(lib.find("argon2_error_message").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, JAVA_INT));
        }

        public String name() {
            return "libargon2-ffm";
        }

        public byte[] hash(byte[] password, byte[] salt, int m, int t, int p, int length) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pw = arena.allocate(Math.max(1, password.length));
                MemorySegment.copy(password, 0, pw, JAVA_BYTE, 0, password.length);
                MemorySegment s = arena.allocate(salt.length);
                MemorySegment.copy(salt, 0, s, JAVA_BYTE, 0, salt.length);
                MemorySegment out = arena.allocate(length);
                int rc;
                try {
                    rc = (int) HASH_RAW.invokeExact(t, m, p, pw, (long) password.length, s, (long) salt.length, out, (long) length);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                } finally {
                    pw.fill((byte) 0);
                }
                if (rc != 0) {
                    throw new IllegalStateException("argon2id_hash_raw: " + rc + " " + errorMessage(rc));
                }
                return out.toArray(JAVA_BYTE);
            }
        }

        static String errorMessage(int rc) {
            try {
                return ((MemorySegment) ERROR_MESSAGE.invokeExact(rc)).reinterpret(256).getString(0);
            } catch (Throwable e) {
                return "?";
            }
        }
    }

    static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    static final HexFormat HEX = HexFormat.of();

    public static void main(String[] args) throws Exception {
        int m = Integer.getInteger("m", 19456), t = Integer.getInteger("t", 2), p = Integer.getInteger("p", 1), len = 32;
        int seconds = Integer.getInteger("seconds", 10), rounds = Integer.getInteger("rounds", 2), single = Integer.getInteger("single", 10);
        int[] threadCounts = Arrays.stream(System.getProperty("threads", "2,4").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> names = List.of(System.getProperty("candidates", "bc,p4j,ffm").split(","));
        List<Candidate> all = new ArrayList<>();
        for (String n : names) {
            all.add(switch (n) {
                case "bc" -> new Bc();
                case "p4j" -> new P4j();
                case "ffm" -> new Ffm();
                default -> throw new IllegalArgumentException("candidate " + n + ": bc, p4j or ffm");
            });
        }

        Runtime rt = Runtime.getRuntime();
        System.out.printf("java %s (%s), %d CPUs, max heap %d MiB, GCs %s, input args %s%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), rt.availableProcessors(), rt.maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf("bcprov %s, password4j %s, %s%n", pkgVersion(Argon2BytesGenerator.class),
                pkgVersion(com.password4j.Argon2Function.class), Ffm.LIB);
        System.out.printf("argon2id m=%d KiB t=%d p=%d, %d-byte output, 16-byte salt; load %s%n", m, t, p, len, loadavg());

        if (!check(all)) {
            System.out.println("OUTPUTS DIFFER: no measurement");
            System.exit(1);
        }

        // single-threaded: warm-up (interleaved), then `rounds` x `single` timed hashes each, order rotating
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        Map<String, List<Long>> alloc = new LinkedHashMap<>();
        for (Candidate c : all) {
            ms.put(c.name(), new ArrayList<>());
            alloc.put(c.name(), new ArrayList<>());
        }
        byte[] salt = new byte[16];
        for (int w = 0; w < 2; w++) {
            for (Candidate c : all) {
                c.open(m, t, p, len);
                for (int i = 0; i < 4; i++) {
                    c.hash(("warm-up " + i).getBytes(StandardCharsets.UTF_8), salt, m, t, p, len);
                }
                c.close();
            }
        }
        long tid = Thread.currentThread().threadId();
        for (int r = 0; r < rounds + 1; r++) {
            for (Candidate c : rotate(all, r)) {
                c.open(m, t, p, len);
                for (int i = 0; i < single; i++) {
                    byte[] pw = ("single " + r + " " + i).getBytes(StandardCharsets.UTF_8);
                    long a0 = THREADS.getThreadAllocatedBytes(tid);
                    long s = System.nanoTime();
                    c.hash(pw, salt, m, t, p, len);
                    long e = System.nanoTime();
                    alloc.get(c.name()).add(THREADS.getThreadAllocatedBytes(tid) - a0);
                    ms.get(c.name()).add((e - s) / 1e6);
                }
                c.close();
            }
        }
        System.out.println();
        System.out.println("single-threaded (" + (rounds + 1) * single + " hashes each, " + (rounds + 1) + " interleaved rounds):");
        for (Candidate c : all) {
            System.out.printf("  %-14s median %6.1f ms  (min %.1f, max %.1f)  heap allocated per hash: median %,d bytes%n", c.name(),
                    median(ms.get(c.name())), min(ms.get(c.name())), max(ms.get(c.name())), medianLong(alloc.get(c.name())));
        }

        // threaded: for each round, each thread count, each candidate (order rotating)
        Map<String, List<Result>> results = new LinkedHashMap<>();
        System.out.println();
        System.out.printf("threaded runs (%d s each, order rotating per round):%n", seconds);
        int run = 0;
        for (int r = 0; r < rounds; r++) {
            for (int n : threadCounts) {
                for (Candidate c : rotate(all, run++)) {
                    c.open(m, t, p, len);
                    Result res = threaded(c, n, seconds, m, t, p, len);
                    c.close();
                    results.computeIfAbsent(c.name() + " x" + n, k -> new ArrayList<>()).add(res);
                    System.out.printf("  round %d  %-14s %d threads: %6.1f hashes/s  p50 %6.1f ms  GC %4d (%5d ms, full %d)  peak RSS %4d MiB (after %4d)  load %s%s%n",
                            r + 1, c.name(), n, res.perSecond, res.p50, res.gcCount, res.gcMillis, res.fullGc, res.hwmKib >> 10, res.rssAfterKib >> 10,
                            loadavg(), res.error == null ? "" : "  ERROR " + res.error);
                }
            }
        }

        System.out.println();
        System.out.println("summary (threaded: mean of rounds; RSS: max of rounds):");
        System.out.printf("| candidate | 1 thread ms/hash (median) | heap bytes/hash |");
        for (int n : threadCounts) {
            System.out.printf(" %d thr hashes/s | %d thr p50 ms | %d thr GC n (ms) | %d thr peak RSS MiB |", n, n, n, n);
        }
        System.out.println();
        System.out.print("|---|---|---|");
        for (int n : threadCounts) {
            System.out.print("---|---|---|---|");
        }
        System.out.println();
        for (Candidate c : all) {
            System.out.printf("| %s | %.1f | %,d |", c.name(), median(ms.get(c.name())), medianLong(alloc.get(c.name())));
            for (int n : threadCounts) {
                List<Result> l = results.get(c.name() + " x" + n);
                System.out.printf(" %.1f | %.1f | %d (%d) | %d |", l.stream().mapToDouble(x -> x.perSecond).average().orElse(0),
                        l.stream().mapToDouble(x -> x.p50).average().orElse(0),
                        Math.round(l.stream().mapToLong(x -> x.gcCount).average().orElse(0)),
                        Math.round(l.stream().mapToLong(x -> x.gcMillis).average().orElse(0)),
                        l.stream().mapToLong(x -> x.hwmKib).max().orElse(0) >> 10);
            }
            System.out.println();
        }
        System.out.printf("final VmRSS %d MiB, load %s%n", status("VmRSS:") >> 10, loadavg());
    }

    record Result(double perSecond, double p50, long gcCount, long gcMillis, long fullGc, long hwmKib, long rssAfterKib, String error) {}

    static Result threaded(Candidate c, int n, int seconds, int m, int t, int p, int len) throws Exception {
        System.gc();
        resetPeakRss();
        long gc0 = gcCount(false), gct0 = gcTime(), full0 = gcCount(true);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> error = new AtomicReference<>();
        List<List<Double>> lat = new ArrayList<>();
        Thread[] workers = new Thread[n];
        long[] deadline = new long[1];
        for (int i = 0; i < n; i++) {
            List<Double> mine = new ArrayList<>();
            lat.add(mine);
            int id = i;
            workers[i] = new Thread(() -> {
                byte[] salt = new byte[16];
                salt[0] = (byte) id;
                try {
                    start.await();
                    // bounded by time and by count
                    for (int k = 0; k < 100_000 && System.nanoTime() < deadline[0]; k++) {
                        long s = System.nanoTime();
                        c.hash(("load " + id + " " + k).getBytes(StandardCharsets.UTF_8), salt, m, t, p, len);
                        mine.add((System.nanoTime() - s) / 1e6);
                    }
                } catch (Throwable e) { // an OutOfMemoryError included, where the JVM is not told to exit on it
                    error.compareAndSet(null, e.toString());
                }
            }, "hash-" + i);
            workers[i].start();
        }
        long s = System.nanoTime();
        deadline[0] = s + seconds * 1_000_000_000L;
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - s) / 1e9;
        List<Double> allLat = new ArrayList<>();
        lat.forEach(allLat::addAll);
        return new Result(allLat.size() / elapsed, allLat.isEmpty() ? 0 : median(allLat), gcCount(false) - gc0, gcTime() - gct0,
                gcCount(true) - full0, status("VmHWM:"), status("VmRSS:"), error.get());
    }

    /** True when all candidates agree on every vector and each reproduces the known outputs. */
    static boolean check(List<Candidate> all) {
        record Vector(String what, byte[] pw, byte[] salt, int m, int t, int p, int len, String expectHex) {}
        List<Vector> vectors = new ArrayList<>();
        Base64.Decoder b64 = Base64.getDecoder();
        // made by the service's PasswordHasher (BouncyCastle) at f080b19: docs/bench-results/argon2-candidates/ServiceVector.java
        String phc = "$argon2id$v=19$m=19456,t=2,p=1$OAt8HvBwVm7cMiuRXNihUw$mHlC+zvyPVWLLSlcF5LN7d8cTixTidx7dg7Xy0wNAM0";
        String[] parts = phc.split("\\$");
        vectors.add(new Vector("service PHC string", utf8("correct horse battery staple"), b64.decode(parts[4]), 19456, 2, 1, 32,
                HEX.formatHex(b64.decode(parts[5]))));
        // the reference implementation's own test vector (phc-winner-argon2 test.c, argon2id v=0x13)
        vectors.add(new Vector("reference test.c m=65536,t=2,p=1", utf8("password"), utf8("somesalt"), 65536, 2, 1, 32,
                "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7"));
        byte[] salt16 = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        vectors.add(new Vector("empty password", new byte[0], salt16, 19456, 2, 1, 32, null));
        vectors.add(new Vector("non-ASCII password", utf8("pässwörd ✓ 密码"), salt16, 19456, 2, 1, 32, null));
        vectors.add(new Vector("t=3, 64-byte output", utf8("hunter2"), salt16, 19456, 3, 1, 64, null));
        vectors.add(new Vector("m=1024 t=1 16-byte output", utf8("x"), salt16, 1024, 1, 1, 16, null));
        vectors.add(new Vector("p=2 m=8192", utf8("lanes"), salt16, 8192, 2, 2, 32, null));
        vectors.add(new Vector("long password, 8-byte salt", utf8("a".repeat(200)), HEX.parseHex("0102030405060708"), 4096, 2, 1, 32, null));
        boolean ok = true;
        System.out.println("output check:");
        for (Vector v : vectors) {
            if (3L * v.m * 1024 > Runtime.getRuntime().maxMemory()) {
                // Password4j holds 2 x m on the heap per hash (its template and the copy it fills)
                System.out.printf("  skip %-34s (m=%d KiB: more than this heap holds for every candidate; run without -Xmx)%n", v.what, v.m);
                continue;
            }
            Map<String, String> got = new LinkedHashMap<>();
            for (Candidate c : all) {
                c.open(v.m, v.t, v.p, v.len);
                got.put(c.name(), HEX.formatHex(c.hash(v.pw, v.salt, v.m, v.t, v.p, v.len)));
                c.close();
            }
            String first = got.values().iterator().next();
            boolean same = got.values().stream().allMatch(first::equals) && (v.expectHex == null || v.expectHex.equals(first));
            ok &= same;
            System.out.printf("  %-4s %-34s %s%s%n", same ? "same" : "DIFF", v.what, first, v.expectHex == null ? "" : " (= known)");
            if (!same) {
                got.forEach((k, h) -> System.out.printf("        %-14s %s%n", k, h));
                if (v.expectHex != null) {
                    System.out.printf("        %-14s %s%n", "expected", v.expectHex);
                }
            }
        }
        return ok;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Candidate> rotate(List<Candidate> l, int by) {
        List<Candidate> r = new ArrayList<>(l);
        java.util.Collections.rotate(r, -(by % l.size()));
        return r;
    }

    static long gcCount(boolean fullOnly) {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            boolean full = b.getName().contains("Old") || b.getName().contains("MarkSweep");
            boolean concurrent = b.getName().contains("Concurrent");
            if (fullOnly ? full : !concurrent) {
                n += Math.max(0, b.getCollectionCount());
            }
        }
        return n;
    }

    /** Pause time (young and full collections; G1's concurrent cycles run beside the threads). */
    static long gcTime() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!b.getName().contains("Concurrent")) {
                n += Math.max(0, b.getCollectionTime());
            }
        }
        return n;
    }

    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception e) {
            System.out.println("  (cannot reset VmHWM: " + e + "; peak RSS is the process's so far)");
        }
    }

    static long status(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key)) {
                    return Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static String pkgVersion(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        String where = c.getProtectionDomain().getCodeSource().getLocation().getPath();
        return where.substring(where.lastIndexOf('/') + 1);
    }

    static double median(List<Double> l) {
        double[] a = l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? 0 : a[a.length / 2];
    }

    static long medianLong(List<Long> l) {
        long[] a = l.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length == 0 ? 0 : a[a.length / 2];
    }

    static double min(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    static double max(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
