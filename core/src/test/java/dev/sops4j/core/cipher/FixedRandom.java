package dev.sops4j.core.cipher;

import java.security.SecureRandom;

/** Test randomness: hands out the given bytes cyclically, so IVs and keys are predictable. */
public final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private int next;

    public FixedRandom(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes[next];
            next = (next + 1) % bytes.length;
        }
    }
}
