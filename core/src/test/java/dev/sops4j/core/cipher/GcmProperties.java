package dev.sops4j.core.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The table-driven GCM must produce exactly the JDK's ciphertext and tag, and refuse what the JDK refuses. */
class GcmProperties {

    @Property(tries = 400)
    void sealMatchesTheJdk(@ForAll @Size(32) byte[] key, @ForAll("ivs") byte[] iv, @ForAll("texts") byte[] aad,
            @ForAll("texts") byte[] plain) throws Exception {
        byte[] expected = jdk(Cipher.ENCRYPT_MODE, key, iv, aad, plain);
        Gcm gcm = new Gcm(key);
        assertArrayEquals(expected, gcm.seal(iv, aad, plain));
        assertArrayEquals(plain, gcm.open(iv, aad, expected));
    }

    @Property(tries = 200)
    void tamperingIsRefused(@ForAll @Size(32) byte[] key, @ForAll("texts") byte[] plain,
            @ForAll("positions") int position) throws Exception {
        byte[] iv = new byte[32];
        Gcm gcm = new Gcm(key);
        byte[] sealed = gcm.seal(iv, "a:".getBytes(), plain);
        sealed[position % sealed.length] ^= 1;
        assertThrows(AEADBadTagException.class, () -> gcm.open(iv, "a:".getBytes(), sealed));
    }

    /** 96-bit IVs take the short J0 path, longer ones the GHASH path; both must match the JDK for longer texts. */
    @Example
    void shortAndLongIvsMatchTheJdk() throws Exception {
        byte[] key = new byte[32];
        byte[] iv = new byte[12];
        java.util.Arrays.fill(iv, (byte) 0xff);
        byte[] plain = new byte[100];
        assertArrayEquals(jdk(Cipher.ENCRYPT_MODE, key, iv, new byte[0], plain),
                new Gcm(key).seal(iv, new byte[0], plain));
        for (int attempt = 0; attempt < 50; attempt++) {
            byte[] longIv = new byte[32];
            longIv[0] = (byte) attempt;
            assertArrayEquals(jdk(Cipher.ENCRYPT_MODE, key, longIv, new byte[3], plain),
                    new Gcm(key).seal(longIv, new byte[3], plain));
        }
    }

    private static byte[] jdk(int mode, byte[] key, byte[] iv, byte[] aad, byte[] in) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        return c.doFinal(in);
    }

    @Provide
    Arbitrary<byte[]> ivs() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<byte[]> texts() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(70);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1000);
    }
}
