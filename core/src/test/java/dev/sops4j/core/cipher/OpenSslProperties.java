package dev.sops4j.core.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.CryptoException;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * libcrypto's AES-GCM ({@link OpenSslGcm}) against the JDK's ({@link JceGcm}): the same bytes both ways, tampering
 * refused, and a bulk {@link AesGcmValueCipher} interchangeable with a plain one; libcrypto's SHA-512
 * ({@link OpenSslSha512}, the MAC's) against the JDK's for any sequence of updates. Runs where {@link OpenSsl} can
 * load (Java 22+ with native access: the core module's Java 25 test run, which sets
 * {@code sops4j.test.openssl=required} so that a libcrypto that does not load fails instead of skipping); on Java
 * 17 it is skipped.
 */
@AddLifecycleHook(OpenSslProperties.NeedsOpenSsl.class)
class OpenSslProperties {
    private static OpenSsl.Bindings bindings;

    /** Skips every property where libcrypto cannot be used, unless the run requires it. */
    static final class NeedsOpenSsl implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            if (OpenSsl.await() != null || "required".equals(System.getProperty("sops4j.test.openssl"))) {
                return SkipResult.doNotSkip();
            }
            return SkipResult.skip("libcrypto is not used on Java " + Runtime.version().feature()
                    + " (needs Java 22+, --enable-native-access and libcrypto.so.3)");
        }
    }

    @BeforeContainer
    static void load() {
        bindings = OpenSsl.await();
        if (bindings == null) {
            throw new AssertionError("libcrypto (OpenSSL 3) did not load on Java " + Runtime.version());
        }
    }

    private static void requireOpenSsl() {
        assertNotNull(bindings);
    }

    @Provide
    Arbitrary<byte[]> ivs() {
        // sops' 32 bytes mostly; other lengths go to JCE inside OpenSslGcm and must still agree.
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.bytes().array(byte[].class).ofSize(32)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)));
    }

    @Property(tries = 400)
    void sealsTheBytesJceSealsAndOpensThem(@ForAll @Size(32) byte[] key, @ForAll("ivs") byte[] iv,
            @ForAll @Size(max = 40) byte[] aad, @ForAll @Size(max = 5000) byte[] plain) throws Exception {
        requireOpenSsl();
        try (SecretBytes k = SecretBytes.copyOf(key)) {
            byte[] ours = new OpenSslGcm(bindings).seal(k, iv, aad, plain);
            assertArrayEquals(new JceGcm().seal(k, iv, aad, plain), ours);
            assertArrayEquals(plain, new OpenSslGcm(bindings).open(k, iv, aad, ours));
        }
    }

    @Property(tries = 300)
    void refusesAnyChangedBit(@ForAll @Size(32) byte[] key, @ForAll @Size(32) byte[] iv,
            @ForAll @Size(max = 16) byte[] aad, @ForAll @Size(max = 300) byte[] plain,
            @ForAll @IntRange(min = 0, max = 100_000) int where) throws Exception {
        requireOpenSsl();
        try (SecretBytes k = SecretBytes.copyOf(key)) {
            OpenSslGcm gcm = new OpenSslGcm(bindings);
            byte[] sealed = gcm.seal(k, iv, aad, plain);
            int bit = where % (sealed.length * 8);
            sealed[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(AEADBadTagException.class, () -> gcm.open(k, iv, aad, sealed));
            sealed[bit / 8] ^= (byte) (1 << (bit % 8));
            // the same context goes on working after a refusal
            assertArrayEquals(plain, gcm.open(k, iv, aad, sealed));
        }
    }

    @Property(tries = 50)
    void oneContextAlternatesKeysAndDirections(@ForAll long seed) throws GeneralSecurityException {
        requireOpenSsl();
        Random r = new Random(seed);
        OpenSslGcm ours = new OpenSslGcm(bindings);
        JceGcm jdk = new JceGcm();
        for (int i = 0; i < 20; i++) {
            byte[] key = new byte[32];
            byte[] iv = new byte[32];
            byte[] plain = new byte[r.nextInt(200)];
            r.nextBytes(key);
            r.nextBytes(iv);
            r.nextBytes(plain);
            byte[] aad = ("p" + i + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try (SecretBytes k = SecretBytes.wrap(key)) {
                byte[] sealed = r.nextBoolean() ? ours.seal(k, iv, aad, plain) : jdk.seal(k, iv, aad, plain);
                assertArrayEquals(plain, ours.open(k, iv, aad, sealed));
                assertArrayEquals(sealed, ours.seal(k, iv, aad, plain));
            }
        }
    }

    @Property(tries = 30)
    void aBulkCipherAndAPlainOneReadEachOther(@ForAll long seed) {
        requireOpenSsl();
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        List<Scalar> values = new ArrayList<>();
        Random r = new Random(seed + 1);
        for (int i = 0; i < 300; i++) {
            byte[] s = new byte[r.nextInt(64)];
            for (int j = 0; j < s.length; j++) {
                s[j] = (byte) ('a' + r.nextInt(26));
            }
            values.add(new StrValue(new String(s, java.nio.charset.StandardCharsets.US_ASCII)));
        }
        try (SecretBytes key = SecretBytes.wrap(k)) {
            AesGcmValueCipher bulk = new AesGcmValueCipher(new FixedRandom(new byte[] {1, 2, 3, 5, 8, 13}));
            bulk.bulk();
            AesGcmValueCipher plain = new AesGcmValueCipher(new FixedRandom(new byte[] {1, 2, 3, 5, 8, 13}));
            for (int i = 0; i < values.size(); i++) {
                String aad = "k" + i + ":";
                String viaOpenSsl = bulk.encrypt(values.get(i), key, aad);
                assertEquals(plain.encrypt(values.get(i), key, aad), viaOpenSsl);
                assertEquals(values.get(i), plain.decrypt(viaOpenSsl, key, aad));
                assertEquals(values.get(i), bulk.decrypt(viaOpenSsl, key, aad));
            }
            String good = bulk.encrypt(new StrValue("secret"), key, "a:");
            CryptoException e = assertThrows(CryptoException.class, () -> bulk.decrypt(good, key, "b:"));
            assertTrue(e.getMessage().startsWith("Could not decrypt value at \"b:\": message authentication failed"),
                    e.getMessage());
        }
    }

    @Property(tries = 100)
    void sha512MatchesTheJdkForAnyUpdates(@ForAll("pieces") List<byte[]> pieces, @ForAll long seed)
            throws Exception {
        requireOpenSsl();
        java.security.MessageDigest jdk = java.security.MessageDigest.getInstance("SHA-512");
        OpenSslSha512 ours = new OpenSslSha512(bindings);
        Random r = new Random(seed);
        for (byte[] p : pieces) {
            int off = p.length == 0 ? 0 : r.nextInt(p.length);
            int len = p.length - off == 0 ? 0 : r.nextInt(p.length - off + 1);
            jdk.update(p, off, len);
            ours.update(p, off, len);
            jdk.update(p);
            ours.update(p);
            if (r.nextInt(4) == 0) {
                jdk.update((byte) off);
                ours.update((byte) off);
            }
        }
        assertArrayEquals(jdk.digest(), ours.digest());
        // reusable after a digest, as a MessageDigest is
        assertArrayEquals(jdk.digest(new byte[] {1, 2, 3}), ours.digest(new byte[] {1, 2, 3}));
    }

    @Provide
    Arbitrary<List<byte[]>> pieces() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.bytes().array(byte[].class).ofMinSize(60_000).ofMaxSize(200_000)).list().ofMaxSize(12);
    }

    @Example
    void aLargeValueSealsAndOpensTheSameInBulkMode() {
        requireOpenSsl();
        char[] text = new char[3 << 20];
        for (int i = 0; i < text.length; i++) {
            text[i] = (char) ('a' + i % 23);
        }
        StrValue big = new StrValue(new String(text));
        try (SecretBytes key = SecretBytes.wrap(new byte[32])) {
            AesGcmValueCipher bulk = new AesGcmValueCipher(new FixedRandom(new byte[] {7, 9}), false);
            bulk.bulk();
            String sealed = bulk.encrypt(big, key, "data:");
            assertEquals(new AesGcmValueCipher(new FixedRandom(new byte[] {7, 9})).encrypt(big, key, "data:"), sealed);
            assertEquals(big, bulk.decrypt(sealed, key, "data:"));
            assertNotNull(OpenSsl.ready());
        }
    }

    @Property(tries = 60)
    void base64OfLargeRangesIsTheJdksBothWays(@ForAll @Size(min = 65_536, max = 200_000) byte[] raw,
            @ForAll @IntRange(min = 0, max = 7) int at) {
        requireOpenSsl();
        String expected = java.util.Base64.getEncoder().encodeToString(raw);
        byte[] out = new byte[at + expected.length() + 3];
        assertEquals(at + expected.length(), Base64Range.encode(raw, 0, raw.length, out, at));
        assertEquals(expected, new String(out, at, expected.length(), java.nio.charset.StandardCharsets.ISO_8859_1));
        // in the middle of a longer string, as the data part of an ENC[...] value
        String s = "data:" + expected + ",iv:";
        byte[] back = new byte[at + raw.length];
        assertTrue(Base64Range.decode(s, 5, 5 + expected.length(), back, at));
        assertArrayEquals(raw, java.util.Arrays.copyOfRange(back, at, back.length));
    }

    /** What EVP_DecodeBlock alone would let through (blanks at a slice's ends, '=' anywhere) is refused all the same. */
    @Property(tries = 200)
    void largeBase64WithAStrayCharacterIsRefused(@ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll("strays") char stray) {
        requireOpenSsl();
        byte[] raw = new byte[150_000];
        new Random(where).nextBytes(raw);
        char[] letters = java.util.Base64.getEncoder().encodeToString(raw).toCharArray();
        // anywhere in the unpadded part, often at a 64 KiB slice's edges
        int[] edges = {0, 65_535, 65_536, 131_071, 131_072, letters.length - 1};
        int i = where % 3 == 0 ? edges[where % edges.length] : where % letters.length;
        if (stray == '=' && i == letters.length - 1) {
            i--; // a final '=' is padding: a valid string for other bytes
        }
        letters[i] = stray;
        byte[] out = new byte[raw.length];
        String s = new String(letters);
        assertEquals(false, Base64Range.decode(s, 0, s.length(), out, 0), "accepted " + (int) stray + " at " + i);
    }

    @Provide
    Arbitrary<Character> strays() {
        return Arbitraries.of('=', ' ', '\n', '\t', '-', '_', '\u0141', '\u0151', '\u00c1', '\u0000', '.');
    }
}
