package dev.sops4j.core.cipher;

import dev.sops4j.core.error.CryptoException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;

/**
 * sops' value cipher: AES-256-GCM with a 32-byte IV and a 128-bit tag. Every decrypted (aad, type, plaintext)
 * remembers its IV so an unchanged value re-encrypts to the same string; the stash is keyed by a SHA-256 digest
 * so it holds no plaintext. A cipher made with {@code rememberIvs} false (a read-only decryption) keeps no stash and
 * digests nothing. Thread-safe.
 */
public final class AesGcmValueCipher implements ValueCipher {
    static final int IV_LENGTH = 32;
    private static final int TAG_BYTES = 16;
    /** A value this long waits for libcrypto in {@link #bulk()} mode (JCE would take longer than loading it). */
    private static final int AWAIT_OPENSSL = 1 << 20;

    private final SecureRandom random;
    private final boolean rememberIvs;
    private final Map<String, byte[]> ivStash = new ConcurrentHashMap<>();
    // Making a Gcm costs more than sealing a short value; a pool keeps re-use thread-safe without thread-locals.
    private final Queue<Worker> workers = new ConcurrentLinkedQueue<>();
    private volatile boolean bulk;

    /** One thread's crypto objects; never shared while in use. */
    private record Worker(Gcm gcm, MessageDigest sha256, boolean openSsl) {
    }

    public AesGcmValueCipher(SecureRandom random) {
        this(random, true);
    }

    public AesGcmValueCipher(SecureRandom random, boolean rememberIvs) {
        this.random = random;
        this.rememberIvs = rememberIvs;
    }

    /**
     * The same hint as {@link #bulk()} for what comes before a cipher exists: a caller that has just read a large
     * input starts libcrypto loading while the input is parsed.
     */
    public static void prepareBulk() {
        OpenSsl.preload();
    }

    /**
     * Says that this cipher is about to handle many values or large ones: libcrypto starts loading in the
     * background ({@link OpenSsl}, where the runtime allows it) and takes over once loaded; a value of 1 MiB or
     * more waits for it. Same bytes either way.
     */
    @Override
    public void bulk() {
        bulk = true;
        OpenSsl.preload();
    }

    @Override
    public String encrypt(Scalar value, SecretBytes dataKey, String aad) {
        return encryptLater(value, dataKey, aad).get();
    }

    @Override
    public String encryptComment(String text, SecretBytes dataKey, String aad) {
        return encryptCommentLater(text, dataKey, aad).get();
    }

    /**
     * Does now, on the calling thread, what depends on order (the IV: re-used from the stash or drawn from the
     * random source) and returns the sealing itself, which any thread may run. A failure is thrown by the
     * returned supplier, so it surfaces where the value stands in the document.
     */
    @Override
    public Supplier<String> encryptLater(Scalar value, SecretBytes dataKey, String aad) {
        if (value instanceof NullValue) {
            return Later.failing(new CryptoException(ExitCode.ERROR_ENCRYPTING_TREE,
                    "Value to encrypt at \"" + aad + "\" has unsupported type null", null));
        }
        PlainText p;
        try {
            p = PlainText.of(value);
        } catch (RuntimeException e) {
            return Later.failing(e);
        }
        return sealLater(p, dataKey, aad);
    }

    @Override
    public Supplier<String> encryptCommentLater(String text, SecretBytes dataKey, String aad) {
        return sealLater(new PlainText("comment", text.getBytes(StandardCharsets.UTF_8)), dataKey, aad);
    }

    @Override
    public Scalar decrypt(String encrypted, SecretBytes dataKey, String aad) {
        return decrypt(openLater(encrypted, dataKey, aad).get(), aad);
    }

    @Override
    public String decryptComment(String encrypted, SecretBytes dataKey, String aad) {
        return decryptComment(openLater(encrypted, dataKey, aad).get(), aad);
    }

    /**
     * The thread-independent half of a decryption (parsing, base64, AES-GCM, the stash digest); any thread may
     * run the returned supplier. {@link #decrypt(Opened, String)} or {@link #decryptComment(Opened, String)}
     * then finishes it in document order. A failure is thrown by the supplier.
     */
    public Supplier<Opened> openLater(String encrypted, SecretBytes dataKey, String aad) {
        return new Open(encrypted, dataKey, aad);
    }

    // Named job classes rather than lambdas: a value's job is made 100,000 times for a big file, and a capturing
    // lambda is allocated through a method handle, a native call under the launcher's C1 compiler.
    private final class Open implements Supplier<Opened> {
        private final String encrypted;
        private final SecretBytes dataKey;
        private final String aad;

        Open(String encrypted, SecretBytes dataKey, String aad) {
            this.encrypted = encrypted;
            this.dataKey = dataKey;
            this.aad = aad;
        }

        @Override
        public Opened get() {
            return encrypted.isEmpty() ? null : open(encrypted, dataKey, aad);
        }
    }

    private final class Seal implements Supplier<String> {
        private final PlainText plain;
        private final SecretBytes dataKey;
        private final String aad;
        private final byte[] iv;

        Seal(PlainText plain, SecretBytes dataKey, String aad, byte[] iv) {
            this.plain = plain;
            this.dataKey = dataKey;
            this.aad = aad;
            this.iv = iv;
        }

        @Override
        public String get() {
            return seal(plain, dataKey, aad, iv);
        }
    }

    /** A value decrypted but not yet remembered: its IV enters the stash when it is finished, in order. */
    public static final class Opened {
        private final PlainText plain;
        private final String stashKey;
        private final byte[] iv;

        private Opened(PlainText plain, String stashKey, byte[] iv) {
            this.plain = plain;
            this.stashKey = stashKey;
            this.iv = iv;
        }
    }

    /** Finishes an {@link #openLater} value ({@code null}: the empty string). */
    public Scalar decrypt(Opened o, String aad) {
        if (o == null) {
            return new StrValue("");
        }
        PlainText p = remember(o);
        if (p.type().equals("comment")) {
            throw failure(aad, "a comment (type:comment) stands where a value is expected");
        }
        try {
            return p.toScalar();
        } catch (IllegalArgumentException e) {
            throw failure(aad, e.getMessage());
        }
    }

    /** Finishes an {@link #openLater} comment ({@code null}: the empty string). */
    public String decryptComment(Opened o, String aad) {
        if (o == null) {
            return "";
        }
        PlainText p = remember(o);
        if (!p.type().equals("comment") && !p.type().equals("str")) {
            throw failure(aad, "a value of type " + p.type() + " stands where a comment is expected");
        }
        return PlainText.utf8(p.bytes()).orElseThrow(() -> failure(aad, "comment is not valid UTF-8"));
    }

    private PlainText remember(Opened o) {
        // In document order, as sops: of two equal (path, value) pairs the later one's IV is kept.
        if (o.stashKey != null) {
            ivStash.put(o.stashKey, o.iv);
        }
        return o.plain;
    }

    private Supplier<String> sealLater(PlainText p, SecretBytes dataKey, String aad) {
        if (p.bytes().length == 0) {
            return () -> "";
        }
        byte[] iv = null;
        // Nothing was decrypted by this cipher: no IV to re-use, so skip the digest.
        if (!ivStash.isEmpty()) {
            Worker w;
            try {
                w = worker(0);
            } catch (GeneralSecurityException e) {
                return Later.failing(sealFailure(aad, e));
            }
            iv = ivStash.get(stashKey(w.sha256(), aad, p));
            workers.offer(w);
        }
        if (iv == null) {
            iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
        }
        return new Seal(p, dataKey, aad, iv);
    }

    private String seal(PlainText p, SecretBytes dataKey, String aad, byte[] iv) {
        try {
            Worker w = worker(p.bytes().length);
            byte[] sealed = w.gcm().seal(dataKey, iv, aad.getBytes(StandardCharsets.UTF_8), p.bytes());
            workers.offer(w);
            return EncString.format(sealed, TAG_BYTES, iv, p.type());
        } catch (GeneralSecurityException e) {
            throw sealFailure(aad, e);
        }
    }

    private static CryptoException sealFailure(String aad, GeneralSecurityException e) {
        return new CryptoException(ExitCode.ERROR_ENCRYPTING_TREE,
                "Could not encrypt value at \"" + aad + "\": " + e.getClass().getSimpleName(), e);
    }

    /** A pooled worker or a new one; in bulk mode one on libcrypto once it is loaded ({@code size}: see bulk). */
    private Worker worker(int size) throws GeneralSecurityException {
        Worker w = workers.poll();
        if (bulk && (w == null || !w.openSsl())) {
            OpenSsl.Bindings b = size >= AWAIT_OPENSSL ? OpenSsl.await() : OpenSsl.ready();
            if (b != null) {
                return new Worker(new OpenSslGcm(b), w != null ? w.sha256() : MessageDigest.getInstance("SHA-256"),
                        true);
            }
        }
        return w != null ? w : new Worker(new JceGcm(), MessageDigest.getInstance("SHA-256"), false);
    }

    private Opened open(String encrypted, SecretBytes dataKey, String aad) {
        Parts parts = quickParts(encrypted);
        if (parts == null) {
            parts = parts(encrypted, aad);
        }
        byte[] iv = parts.iv();
        byte[] sealed = parts.sealed();
        String type = parts.type();
        if (iv.length == 0) {
            throw failure(aad, "the IV is empty");
        }
        switch (type) {
            case "str", "int", "float", "bool", "time", "comment", "bytes":
                break;
            default:
                throw failure(aad, "unknown type tag '" + type + "'");
        }
        if (sealed.length < TAG_BYTES) {
            throw failure(aad, "ciphertext and tag are shorter than 16 bytes");
        }
        return open(sealed, iv, type, dataKey, aad);
    }

    /** A value's decoded parts: the IV, the ciphertext followed by the tag, and the type. */
    private record Parts(byte[] iv, byte[] sealed, String type) {
    }

    /** The reference path: sops' expression, Java's base64 decoder and its errors. */
    private static Parts parts(String encrypted, String aad) {
        EncString enc = EncString.parse(encrypted)
                .orElseThrow(() -> failure(aad, "input string does not match sops' data format"));
        byte[] data = b64(enc.data(), "data", aad);
        byte[] iv = b64(enc.iv(), "iv", aad);
        byte[] tag = b64(enc.tag(), "tag", aad);
        byte[] sealed = new byte[data.length + tag.length];
        System.arraycopy(data, 0, sealed, 0, data.length);
        System.arraycopy(tag, 0, sealed, data.length, tag.length);
        return new Parts(iv, sealed, enc.type());
    }

    /**
     * The usual value decoded in place: the data part goes straight from the string into the array the cipher
     * reads, tag behind it (no substring, no byte copy of the string, no second array). The decoder checks every
     * letter of the data part, which is what makes {@link EncString#locate}'s cuts hold. Null for anything
     * unusual, which the reference path then handles (same results, same errors).
     */
    private static Parts quickParts(String encrypted) {
        EncString.Cuts cuts = EncString.locate(encrypted);
        if (cuts == null) {
            return null;
        }
        int dataLength = Base64Range.decodedLength(encrypted, EncString.Cuts.DATA, cuts.iv());
        int ivLength = Base64Range.decodedLength(encrypted, cuts.iv() + 4, cuts.tag());
        int tagLength = Base64Range.decodedLength(encrypted, cuts.tag() + 5, cuts.type());
        if (dataLength < 0 || ivLength < 0 || tagLength < 0) {
            return null;
        }
        byte[] iv = new byte[ivLength];
        byte[] sealed = new byte[dataLength + tagLength];
        if (!Base64Range.decode(encrypted, EncString.Cuts.DATA, cuts.iv(), sealed, 0)
                || !Base64Range.decode(encrypted, cuts.iv() + 4, cuts.tag(), iv, 0)
                || !Base64Range.decode(encrypted, cuts.tag() + 5, cuts.type(), sealed, dataLength)) {
            return null;
        }
        return new Parts(iv, sealed, encrypted.substring(cuts.type() + 6, encrypted.length() - 1));
    }

    private Opened open(byte[] sealed, byte[] iv, String type, SecretBytes dataKey, String aad) {
        try {
            Worker w = worker(sealed.length);
            byte[] plain = w.gcm().open(dataKey, iv, aad.getBytes(StandardCharsets.UTF_8), sealed);
            // "bytes" is decrypted like "str": the raw plaintext, typed by its UTF-8 validity.
            PlainText p = new PlainText(type.equals("bytes") ? "str" : type, plain);
            String stashKey = rememberIvs ? stashKey(w.sha256(), aad, p) : null;
            // Only a worker that succeeded goes back: after a failure its state is not worth trusting.
            workers.offer(w);
            return new Opened(p, stashKey, iv);
        } catch (AEADBadTagException e) {
            throw failure(aad, "message authentication failed (wrong data key, or the value or its path was changed)");
        } catch (GeneralSecurityException e) {
            throw failure(aad, e.getClass().getSimpleName());
        }
    }

    private static byte[] b64(String s, String part, String aad) {
        // Go's StdEncoding requires padding; Java's decoder would accept unpadded input.
        if (s.length() % 4 != 0) {
            throw failure(aad, "invalid base64 in " + part);
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw failure(aad, "invalid base64 in " + part);
        }
    }

    private static CryptoException failure(String aad, String why) {
        return new CryptoException("Could not decrypt value at \"" + aad + "\": " + why);
    }

    private static String stashKey(MessageDigest md, String aad, PlainText p) {
        md.reset();
        md.update(aad.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(p.type().getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        md.update(p.bytes());
        // One char per digest byte: a map key only, never shown.
        return new String(md.digest(), StandardCharsets.ISO_8859_1);
    }

    /** Whether a scalar is written as-is instead of encrypted (empty strings and empty byte strings). */
    public static boolean isEmpty(Scalar value) {
        return value instanceof StrValue s && s.value().isEmpty()
                || value instanceof BytesValue b && b.length() == 0;
    }
}
