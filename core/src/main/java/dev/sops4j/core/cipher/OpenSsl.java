package dev.sops4j.core.cipher;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OpenSSL's libcrypto 3 ({@code libcrypto.so.3}), bound through the Java 22+ foreign function API, for
 * {@link OpenSslGcm}, {@link OpenSslSha512} and the base64 of long values ({@link Base64Range}). JCE's AES-GCM is
 * Java code, which the CLI's C1-only JIT does not turn into AES-NI and CLMUL instructions (about 40 MB/s);
 * libcrypto's runs at memory speed. Everything is reached through method handles
 * looked up at run time, so the library keeps Java 17 class files and runs unchanged on Java 17.
 *
 * <p>Used only when all of these hold, otherwise never loaded (JCE does the work, silently): the runtime is Java 22
 * or newer on Linux; this code's module was given native access ({@code --enable-native-access}, which the release
 * launcher passes; without it the JVM would print warnings for the restricted calls); the system property
 * {@code sops4j.openssl} does not say {@code off} (the launchers set it from {@code SOPS4J_OPENSSL}); the library
 * loads; and a known-answer check against JCE (both directions, a tampered tag refused) passes.
 */
final class OpenSsl {
    static final int CTRL_GCM_SET_IVLEN = 0x9;
    static final int CTRL_GCM_GET_TAG = 0x10;
    static final int CTRL_GCM_SET_TAG = 0x11;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static Cleaner cleaner;
    private static final CompletableFuture<Bindings> LOADED = new CompletableFuture<>();

    private OpenSsl() {
    }

    /**
     * libcrypto's entry points as method handles whose types Java 17 can name: pointers to native memory are
     * {@code long}s, pointers into Java arrays take the array (passed in place: the calls are "critical" ones that
     * may read and write the Java heap).
     */
    record Bindings(
            MethodHandle ctxNew,     // EVP_CIPHER_CTX_new: ()long
            MethodHandle ctxFree,    // EVP_CIPHER_CTX_free: (long)void
            long aes256Gcm,          // EVP_aes_256_gcm()
            MethodHandle init,       // EVP_CipherInit_ex(ctx, cipher, 0, key, iv, enc): (long,long,long,byte[],byte[],int)int
            MethodHandle ctrl,       // EVP_CIPHER_CTX_ctrl(ctx, type, arg, buf): (long,int,int,byte[])int
            MethodHandle aad,        // EVP_CipherUpdate(ctx, 0, outl, in, inl): (long,long,int[],byte[],int)int
            MethodHandle update,     // EVP_CipherUpdate(ctx, out, outl, in, inl): (long,byte[],int[],byte[],int)int
            MethodHandle finish,     // EVP_CipherFinal_ex(ctx, out, outl): (long,byte[],int[])int
            MethodHandle mdNew,      // EVP_MD_CTX_new: ()long
            MethodHandle mdFree,     // EVP_MD_CTX_free: (long)void
            long sha512,             // EVP_sha512()
            MethodHandle mdInit,     // EVP_DigestInit_ex(ctx, type, 0): (long,long,long)int
            MethodHandle mdUpdate,   // EVP_DigestUpdate(ctx, data, count): (long,byte[],long)int
            MethodHandle mdFinal,    // EVP_DigestFinal_ex(ctx, md, 0): (long,byte[],long)int
            MethodHandle encode,     // EVP_EncodeBlock(t + toff, f + foff, n): (byte[],long,byte[],long,int)int
            MethodHandle decode) {   // EVP_DecodeBlock(t + toff, f + foff, n): (byte[],long,byte[],long,int)int
    }

    /** Frees native contexts (and wipes their state) when their Java objects become unreachable; one thread. */
    static synchronized Cleaner cleaner() {
        if (cleaner == null) {
            cleaner = Cleaner.create();
        }
        return cleaner;
    }

    /** Starts loading on a daemon thread (once); returns at once. */
    static void preload() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        if (!eligible()) {
            LOADED.complete(null);
            return;
        }
        Thread t = new Thread(OpenSsl::loadNow, "sops4j-openssl");
        t.setDaemon(true);
        t.start();
    }

    /** The bindings if loading has finished and worked; never waits. */
    static Bindings ready() {
        return LOADED.getNow(null);
    }

    /** Starts loading if nobody has and waits for it: the bindings, or null when libcrypto is not used. */
    static Bindings await() {
        preload();
        return LOADED.join();
    }

    /** Waits for a loading already started (null at once when none was). */
    static Bindings awaitIfStarted() {
        return STARTED.get() ? LOADED.join() : null;
    }

    private static void loadNow() {
        Bindings b = null;
        try {
            b = bind();
            if (b != null && (!OpenSslGcm.selfCheck(b) || !OpenSslSha512.selfCheck(b) || !Base64Range.selfCheck(b))) {
                b = null;
            }
        } catch (Throwable e) {
            // Anything at all (no libcrypto, a missing symbol, a refused check): JCE does the work.
            b = null;
        } finally {
            LOADED.complete(b);
        }
    }

    private static boolean eligible() {
        String off = System.getProperty("sops4j.openssl");
        if (off != null && off.trim().toLowerCase(Locale.ROOT).matches("off|false|0|no")) {
            return false;
        }
        if (Runtime.version().feature() < 22
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return false;
        }
        try {
            Method enabled = Module.class.getMethod("isNativeAccessEnabled");
            return (Boolean) enabled.invoke(OpenSsl.class.getModule());
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static Bindings bind() throws Throwable {
        Api api = new Api();
        Object crypto = api.lookup("libcrypto.so.3");
        Object l = api.layout("JAVA_LONG");
        Object i = api.layout("JAVA_INT");
        Object a = api.layout("ADDRESS");
        MethodHandle ctxNew = api.downcall(crypto, "EVP_CIPHER_CTX_new", false, l);
        MethodHandle ctxFree = api.downcall(crypto, "EVP_CIPHER_CTX_free", false, null, l);
        MethodHandle aes = api.downcall(crypto, "EVP_aes_256_gcm", false, l);
        // One handle per entry point (each costs milliseconds to make): where C allows NULL, a Java array stands in.
        MethodHandle init = api.arrays(api.downcall(crypto, "EVP_CipherInit_ex", true, i, l, l, l, a, a, i), 3, 4);
        MethodHandle ctrl = api.arrays(api.downcall(crypto, "EVP_CIPHER_CTX_ctrl", true, i, l, i, i, a), 3);
        MethodHandle aad = api.arrays(api.downcall(crypto, "EVP_CipherUpdate", true, i, l, l, a, a, i), 2, 3);
        MethodHandle update = api.arrays(api.downcall(crypto, "EVP_CipherUpdate", true, i, l, a, a, a, i), 1, 2, 3);
        MethodHandle finish = api.arrays(api.downcall(crypto, "EVP_CipherFinal_ex", true, i, l, a, a), 1, 2);
        MethodHandle mdNew = api.downcall(crypto, "EVP_MD_CTX_new", false, l);
        MethodHandle mdFree = api.downcall(crypto, "EVP_MD_CTX_free", false, null, l);
        MethodHandle sha = api.downcall(crypto, "EVP_sha512", false, l);
        MethodHandle mdInit = api.downcall(crypto, "EVP_DigestInit_ex", false, i, l, l, l);
        MethodHandle mdUpdate = api.arrays(api.downcall(crypto, "EVP_DigestUpdate", true, i, l, a, l), 1);
        MethodHandle mdFinal = api.arrays(api.downcall(crypto, "EVP_DigestFinal_ex", true, i, l, a, l), 1);
        MethodHandle encode = api.sliced(api.downcall(crypto, "EVP_EncodeBlock", true, i, a, a, i), 0, 1);
        MethodHandle decode = api.sliced(api.downcall(crypto, "EVP_DecodeBlock", true, i, a, a, i), 0, 1);
        long aes256Gcm = (long) aes.invokeExact();
        long sha512 = (long) sha.invokeExact();
        if (aes256Gcm == 0 || sha512 == 0) {
            return null;
        }
        return new Bindings(ctxNew, ctxFree, aes256Gcm, init, ctrl, aad, update, finish, mdNew, mdFree, sha512, mdInit,
                mdUpdate, mdFinal, encode, decode);
    }

    /** The foreign function API (java.lang.foreign, final in Java 22), reached by reflection. */
    private static final class Api {
        private final Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        private final Class<?> layout = Class.forName("java.lang.foreign.MemoryLayout");
        private final Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
        private final Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
        private final Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        private final Class<?> option = Class.forName("java.lang.foreign.Linker$Option");
        private final Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
        private final Class<?> arena = Class.forName("java.lang.foreign.Arena");
        private final Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        private final Object critical = option.getMethod("critical", boolean.class).invoke(null, true);
        private final MethodHandle ofBytes;
        private final MethodHandle ofInts;
        private final MethodHandle slice;

        Api() throws ReflectiveOperationException {
            MethodHandles.Lookup pub = MethodHandles.publicLookup();
            ofBytes = pub.findStatic(segment, "ofArray", MethodType.methodType(segment, byte[].class));
            ofInts = pub.findStatic(segment, "ofArray", MethodType.methodType(segment, int[].class));
            // (byte[] array, long offset) -> MemorySegment.ofArray(array).asSlice(offset)
            slice = MethodHandles.filterArguments(
                    pub.findVirtual(segment, "asSlice", MethodType.methodType(segment, long.class)), 0, ofBytes);
        }

        Object layout(String name) throws ReflectiveOperationException {
            return valueLayout.getField(name).get(null);
        }

        Object lookup(String library) throws ReflectiveOperationException {
            Object global = arena.getMethod("global").invoke(null);
            return lookupType.getMethod("libraryLookup", String.class, arena).invoke(null, library, global);
        }

        /** A downcall handle for {@code symbol}; {@code result} null for void. */
        MethodHandle downcall(Object lookup, String symbol, boolean heap, Object result, Object... args)
                throws ReflectiveOperationException {
            Optional<?> address = (Optional<?>) lookupType.getMethod("find", String.class).invoke(lookup, symbol);
            Object[] argLayouts = (Object[]) Array.newInstance(layout, args.length);
            System.arraycopy(args, 0, argLayouts, 0, args.length);
            Class<?> layouts = argLayouts.getClass();
            Object fd = result == null
                    ? descriptor.getMethod("ofVoid", layouts).invoke(null, (Object) argLayouts)
                    : descriptor.getMethod("of", layout, layouts).invoke(null, result, argLayouts);
            Object[] options = (Object[]) Array.newInstance(option, heap ? 1 : 0);
            if (heap) {
                options[0] = critical;
            }
            Method downcall = linkerType.getMethod("downcallHandle", segment, descriptor, options.getClass());
            return (MethodHandle) downcall.invoke(linker, address.orElseThrow(), fd, options);
        }

        /**
         * {@code target} taking, at each of {@code positions} (pointer arguments), a byte[] and an offset into it:
         * the native code reads or writes the array in place from that offset.
         */
        MethodHandle sliced(MethodHandle target, int... positions) {
            MethodHandle h = target;
            // from the last position to the first: each one becomes two arguments, which moves those after it
            for (int k = positions.length - 1; k >= 0; k--) {
                h = MethodHandles.collectArguments(h, positions[k], slice);
            }
            return h;
        }

        /**
         * {@code target} taking a Java array in place at each of {@code positions}: an int[] at 2 (in every call
         * bound here, argument 2 as an array is the {@code int*} receiving the length written), else a byte[].
         */
        MethodHandle arrays(MethodHandle target, int... positions) {
            MethodHandle h = target;
            for (int p : positions) {
                h = MethodHandles.filterArguments(h, p, p == 2 ? ofInts : ofBytes);
            }
            return h;
        }
    }
}
