package dev.sops4j.core.cipher;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM (NIST SP 800-38D) with a 128-bit tag, for IVs of any length, over one AES key. The JDK's own GCM runs
 * its GHASH one bit at a time, which dominated profiles of 100,000-value files under the launcher's C1-only JIT;
 * this one uses 4-bit tables built once per key. It keeps no copy of the key, only the AES key schedule inside its
 * {@code Cipher} and the GHASH tables. Not thread-safe: one instance per thread.
 */
final class Gcm {
    private static final int BLOCK = 16;
    /** The reduction of the four bits shifted out per step, pre-multiplied by the GCM polynomial. */
    private static final long[] REDUCE = {0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0,
        0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0, 0xa9c0, 0xb5e0};

    private final Cipher aes;
    private final long[] tableHigh = new long[16];
    private final long[] tableLow = new long[16];
    private long yHigh;
    private long yLow;

    Gcm(byte[] key) throws GeneralSecurityException {
        this.aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        byte[] h = aes.doFinal(new byte[BLOCK]);
        long vh = readLong(h, 0);
        long vl = readLong(h, 8);
        tableHigh[8] = vh;
        tableLow[8] = vl;
        for (int i = 4; i > 0; i >>= 1) {
            long t = (vl & 1) * 0xe1000000L;
            vl = (vh << 63) | (vl >>> 1);
            vh = (vh >>> 1) ^ (t << 32);
            tableHigh[i] = vh;
            tableLow[i] = vl;
        }
        for (int i = 2; i <= 8; i *= 2) {
            for (int j = 1; j < i; j++) {
                tableHigh[i + j] = tableHigh[i] ^ tableHigh[j];
                tableLow[i + j] = tableLow[i] ^ tableLow[j];
            }
        }
    }

    /** Returns ciphertext followed by the 16-byte tag. */
    byte[] seal(byte[] iv, byte[] aad, byte[] plain) throws GeneralSecurityException {
        byte[] j0 = j0(iv);
        byte[] out = new byte[plain.length + BLOCK];
        ctr(j0, plain, plain.length, out);
        byte[] tag = tag(j0, aad, out, plain.length);
        System.arraycopy(tag, 0, out, plain.length, BLOCK);
        return out;
    }

    /** Checks the tag at the end of {@code sealed} and returns the plaintext. */
    byte[] open(byte[] iv, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        int n = sealed.length - BLOCK;
        if (n < 0) {
            throw new AEADBadTagException("ciphertext shorter than the tag");
        }
        byte[] j0 = j0(iv);
        byte[] expected = tag(j0, aad, sealed, n);
        int diff = 0;
        for (int i = 0; i < BLOCK; i++) {
            diff |= expected[i] ^ sealed[n + i];
        }
        if (diff != 0) {
            throw new AEADBadTagException("Tag mismatch");
        }
        byte[] plain = new byte[n];
        ctr(j0, sealed, n, plain);
        return plain;
    }

    private byte[] j0(byte[] iv) {
        byte[] j0 = new byte[BLOCK];
        if (iv.length == 12) {
            System.arraycopy(iv, 0, j0, 0, 12);
            j0[15] = 1;
            return j0;
        }
        yHigh = 0;
        yLow = 0;
        absorb(iv, iv.length);
        lengths(0, (long) iv.length * 8);
        writeLong(j0, 0, yHigh);
        writeLong(j0, 8, yLow);
        return j0;
    }

    /** E(K, J0) xor GHASH(A, C). */
    private byte[] tag(byte[] j0, byte[] aad, byte[] cipherText, int length) throws GeneralSecurityException {
        yHigh = 0;
        yLow = 0;
        absorb(aad, aad.length);
        absorb(cipherText, length);
        lengths((long) aad.length * 8, (long) length * 8);
        byte[] s = aes.doFinal(j0);
        for (int i = 0; i < 8; i++) {
            s[i] ^= (byte) (yHigh >>> (56 - 8 * i));
            s[8 + i] ^= (byte) (yLow >>> (56 - 8 * i));
        }
        return s;
    }

    /** GCTR from inc32(J0): the counter blocks go through AES in one call, then xor with the input. */
    private void ctr(byte[] j0, byte[] in, int length, byte[] out) throws GeneralSecurityException {
        if (length == 0) {
            return;
        }
        int blocks = (length + BLOCK - 1) / BLOCK;
        byte[] counters = new byte[blocks * BLOCK];
        int base = ((j0[12] & 0xff) << 24) | ((j0[13] & 0xff) << 16) | ((j0[14] & 0xff) << 8) | (j0[15] & 0xff);
        for (int b = 0; b < blocks; b++) {
            int off = b * BLOCK;
            System.arraycopy(j0, 0, counters, off, 12);
            int c = base + b + 1; // inc32: wraps within the low 32 bits
            counters[off + 12] = (byte) (c >>> 24);
            counters[off + 13] = (byte) (c >>> 16);
            counters[off + 14] = (byte) (c >>> 8);
            counters[off + 15] = (byte) c;
        }
        byte[] stream = aes.doFinal(counters);
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (in[i] ^ stream[i]);
        }
    }

    /** Feeds {@code length} bytes, zero-padded to whole blocks, into the GHASH state. */
    private void absorb(byte[] data, int length) {
        for (int off = 0; off < length; off += BLOCK) {
            long hi = 0;
            long lo = 0;
            int end = Math.min(length - off, BLOCK);
            for (int i = 0; i < end; i++) {
                long b = data[off + i] & 0xffL;
                if (i < 8) {
                    hi |= b << (56 - 8 * i);
                } else {
                    lo |= b << (56 - 8 * (i - 8));
                }
            }
            yHigh ^= hi;
            yLow ^= lo;
            multiplyByH();
        }
    }

    private void lengths(long aadBits, long textBits) {
        yHigh ^= aadBits;
        yLow ^= textBits;
        multiplyByH();
    }

    /** y = y * H in GF(2^128), four bits at a time from the last byte to the first. */
    private void multiplyByH() {
        long zh = 0;
        long zl = 0;
        for (int i = 15; i >= 0; i--) {
            int b = (int) ((i < 8 ? yHigh >>> (56 - 8 * i) : yLow >>> (56 - 8 * (i - 8))) & 0xff);
            int low = b & 0xf;
            int high = b >>> 4;
            if (i != 15) {
                int rem = (int) (zl & 0xf);
                zl = (zh << 60) | (zl >>> 4);
                zh = (zh >>> 4) ^ (REDUCE[rem] << 48);
            }
            zh ^= tableHigh[low];
            zl ^= tableLow[low];
            int rem = (int) (zl & 0xf);
            zl = (zh << 60) | (zl >>> 4);
            zh = (zh >>> 4) ^ (REDUCE[rem] << 48);
            zh ^= tableHigh[high];
            zl ^= tableLow[high];
        }
        yHigh = zh;
        yLow = zl;
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    private static void writeLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
