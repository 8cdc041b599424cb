package dev.tenantauth.user;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The reference C implementation of Argon2 (libargon2, Debian's {@code libargon2-1}, RHEL's
 * {@code libargon2}) called through the JDK's foreign-function API ({@code java.lang.foreign}).
 * Measured at the service's parameters on the shipped 128 MiB heap, two threads hashing: 3.2-3.6x
 * BouncyCastle's throughput, no garbage collection (docs/bench-results/argon2-candidates).
 *
 * <p>Memory: the library asks for its {@code m} KiB through {@code allocate_cbk}; this class hands
 * it a segment from its own pool, one per hash in flight (so at most one per hashing permit), kept
 * for the next hash instead of going back to malloc. glibc would keep every freed 19 MiB chunk in
 * the arena of the worker thread that hashed (up to 8 per CPU), and the process would grow by
 * 19 MiB per arena; the pool holds what the permits need and no more. The memory is off the Java
 * heap, so the heap no longer bounds the permits.
 *
 * <p>{@code argon2_ctx} runs with {@code threads = 1}: the lanes are computed one after the
 * other on the calling thread, like BouncyCastle; the output does not depend on the threads.
 */
final class NativeArgon2 implements Argon2Engine {

    private static final int ARGON2_ID = 2;
    private static final int VERSION_13 = 0x13;

    /** {@code argon2_context} of argon2.h (LP64: pointers 8 bytes, uint32_t 4). */
    static final StructLayout CONTEXT = MemoryLayout.structLayout(
            ADDRESS.withName("out"), JAVA_INT.withName("outlen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("pwd"), JAVA_INT.withName("pwdlen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("salt"), JAVA_INT.withName("saltlen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("secret"), JAVA_INT.withName("secretlen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("ad"), JAVA_INT.withName("adlen"),
            JAVA_INT.withName("t_cost"), JAVA_INT.withName("m_cost"), JAVA_INT.withName("lanes"),
            JAVA_INT.withName("threads"), JAVA_INT.withName("version"),
            ADDRESS.withName("allocate_cbk"), ADDRESS.withName("free_cbk"),
            JAVA_INT.withName("flags"), MemoryLayout.paddingLayout(4));

    /** The segment the library's allocate_cbk hands out on this thread, for the hash it is computing. */
    private static final ThreadLocal<MemorySegment> CURRENT = new ThreadLocal<>();

    private final MethodHandle argon2Ctx;
    private final MethodHandle errorMessage;
    private final MemorySegment allocate;
    private final MemorySegment free;
    private final ConcurrentLinkedQueue<MemorySegment> pool = new ConcurrentLinkedQueue<>();

    private NativeArgon2(MethodHandle argon2Ctx, MethodHandle errorMessage, MemorySegment allocate, MemorySegment free) {
        this.argon2Ctx = argon2Ctx;
        this.errorMessage = errorMessage;
        this.allocate = allocate;
        this.free = free;
    }

    /**
     * Loads {@code library} (a name the dynamic linker resolves, or a path) and binds argon2_ctx.
     * Throws when it cannot: no such library, no such symbol, no foreign-function support (a
     * native executable built without it), native access denied.
     */
    static NativeArgon2 load(String library) throws ReflectiveOperationException {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(library, Arena.global());
        MethodHandle ctx = linker.downcallHandle(lib.find("argon2_ctx").orElseThrow(
                () -> new IllegalStateException(library + " has no argon2_ctx")), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle message = linker.downcallHandle(lib.find("argon2_error_message").orElseThrow(
                () -> new IllegalStateException(library + " has no argon2_error_message")), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MemorySegment allocate = linker.upcallStub(
                lookup.findStatic(NativeArgon2.class, "allocate", MethodType.methodType(int.class, MemorySegment.class, long.class)),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), Arena.global());
        MemorySegment free = linker.upcallStub(
                lookup.findStatic(NativeArgon2.class, "free", MethodType.methodType(void.class, MemorySegment.class, long.class)),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG), Arena.global());
        return new NativeArgon2(ctx, message, allocate, free);
    }

    @Override
    public byte[] hash(byte[] password, byte[] salt, int m, int t, int p, int length) {
        long needed = (long) m * 1024;
        MemorySegment memory = pool.poll();
        if (memory == null || memory.byteSize() < needed) {
            // first hashes, or a larger m than before: a new segment (a smaller one is left to the GC)
            memory = Arena.ofAuto().allocate(needed, 64);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment pwd = call.allocate(Math.max(1, password.length));
            MemorySegment.copy(password, 0, pwd, JAVA_BYTE, 0, password.length);
            MemorySegment saltSegment = call.allocate(Math.max(1, salt.length));
            MemorySegment.copy(salt, 0, saltSegment, JAVA_BYTE, 0, salt.length);
            MemorySegment out = call.allocate(length);
            MemorySegment ctx = call.allocate(CONTEXT);
            set(ctx, "out", out);
            setInt(ctx, "outlen", length);
            set(ctx, "pwd", pwd);
            setInt(ctx, "pwdlen", password.length);
            set(ctx, "salt", saltSegment);
            setInt(ctx, "saltlen", salt.length);
            set(ctx, "secret", MemorySegment.NULL);
            set(ctx, "ad", MemorySegment.NULL);
            setInt(ctx, "t_cost", t);
            setInt(ctx, "m_cost", m);
            setInt(ctx, "lanes", p);
            setInt(ctx, "threads", 1);
            setInt(ctx, "version", VERSION_13);
            set(ctx, "allocate_cbk", allocate);
            set(ctx, "free_cbk", free);
            setInt(ctx, "flags", 0);
            int rc;
            CURRENT.set(memory);
            try {
                rc = (int) argon2Ctx.invokeExact(ctx, ARGON2_ID);
            } catch (Throwable e) {
                throw new IllegalStateException("argon2_ctx failed", e);
            } finally {
                CURRENT.remove();
                pwd.fill((byte) 0);
            }
            if (rc != 0) {
                throw new IllegalStateException("argon2_ctx: " + rc + " " + message(rc));
            }
            return out.toArray(JAVA_BYTE);
        } finally {
            pool.offer(memory); // the library wiped it before free_cbk
        }
    }

    /** allocate_cbk: {@code *memory} = this thread's segment; NULL (the library's allocation error) if it is too small. */
    static int allocate(MemorySegment memory, long bytes) {
        try {
            MemorySegment segment = CURRENT.get();
            MemorySegment target = memory.reinterpret(ADDRESS.byteSize());
            if (segment == null || bytes > segment.byteSize()) {
                target.set(ADDRESS, 0, MemorySegment.NULL);
                return -22; // ARGON2_MEMORY_ALLOCATION_ERROR (the library checks *memory, not this)
            }
            target.set(ADDRESS, 0, segment);
            return 0;
        } catch (Throwable e) {
            return -22; // an exception must not leave an upcall: the JVM would end
        }
    }

    /** free_cbk: nothing; the segment goes back to the pool when argon2_ctx returns. */
    static void free(MemorySegment memory, long bytes) {}

    private String message(int rc) {
        try {
            return ((MemorySegment) errorMessage.invokeExact(rc)).reinterpret(256).getString(0);
        } catch (Throwable e) {
            return "";
        }
    }

    private static void set(MemorySegment ctx, String field, MemorySegment value) {
        ctx.set(ADDRESS, CONTEXT.byteOffset(groupElement(field)), value);
    }

    private static void setInt(MemorySegment ctx, String field, int value) {
        ctx.set(JAVA_INT, CONTEXT.byteOffset(groupElement(field)), value);
    }

    /** Segments in the pool (one per hash that ran at the same time as others, at most). */
    int pooled() {
        return pool.size();
    }

    @Override
    public String name() {
        return "libargon2";
    }

    @Override
    public boolean usesJavaHeap() {
        return false;
    }
}
