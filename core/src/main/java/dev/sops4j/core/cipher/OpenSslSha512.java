package dev.sops4j.core.cipher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-512 on libcrypto ({@link OpenSsl}) as a {@link MessageDigest}, for sops' MAC over large plaintexts (a 20 MB
 * binary value: about 150 ms as Java code under the CLI's C1-only JIT). Small updates are gathered in a buffer so
 * that 100,000 short values make a few native calls, not 100,000. The context holds hash state of plaintext: it is
 * freed when the digest is taken, or when the object becomes unreachable.
 */
final class OpenSslSha512 extends MessageDigest {
    private static final int BUFFER = 1 << 16;

    private final OpenSsl.Bindings b;
    private final Context context;
    private final byte[] buffer;
    private int buffered;

    /** The native context, shared with the clean-up action (which must not reach the digest object). */
    private static final class Context implements Runnable {
        private final OpenSsl.Bindings b;
        long ctx;

        Context(OpenSsl.Bindings b) {
            this.b = b;
        }

        @Override
        public void run() {
            if (ctx != 0) {
                try {
                    b.mdFree().invokeExact(ctx);
                } catch (Throwable ignored) {
                    // Nothing to do at clean-up time.
                }
                ctx = 0;
            }
        }
    }

    OpenSslSha512(OpenSsl.Bindings b) {
        this(b, BUFFER);
    }

    /** {@code bufferSize}: small in the self-check, so that it crosses every buffer edge with little data. */
    private OpenSslSha512(OpenSsl.Bindings b, int bufferSize) {
        super("SHA-512");
        this.b = b;
        this.buffer = new byte[bufferSize];
        this.context = new Context(b);
        OpenSsl.cleaner().register(this, context);
    }

    /**
     * SHA-512 for sops' MAC: on libcrypto once it is loaded (see {@link OpenSsl}), or, for a {@code large} first
     * value, once the loading under way has ended; else the JDK's.
     */
    static MessageDigest forMac(boolean large) {
        OpenSsl.Bindings b = large ? OpenSsl.awaitIfStarted() : OpenSsl.ready();
        if (b != null) {
            return new OpenSslSha512(b);
        }
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }

    @Override
    protected int engineGetDigestLength() {
        return 64;
    }

    @Override
    protected void engineUpdate(byte input) {
        if (buffered == buffer.length) {
            flush();
        }
        buffer[buffered++] = input;
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        if (len <= buffer.length - buffered) {
            System.arraycopy(input, offset, buffer, buffered, len);
            buffered += len;
            return;
        }
        flush();
        if (offset == 0 && len == input.length) {
            call(input, len);
            return;
        }
        for (int at = offset; at < offset + len; at += buffer.length) {
            int n = Math.min(buffer.length, offset + len - at);
            System.arraycopy(input, at, buffer, 0, n);
            call(buffer, n);
        }
    }

    @Override
    protected byte[] engineDigest() {
        flush();
        byte[] out = new byte[64];
        try {
            started();
            check((int) b.mdFinal().invokeExact(context.ctx, out, 0L));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libcrypto: EVP_DigestFinal_ex: " + e.getClass().getSimpleName(), e);
        } finally {
            engineReset();
        }
        return out;
    }

    @Override
    protected void engineReset() {
        Arrays.fill(buffer, 0, buffered, (byte) 0);
        buffered = 0;
        context.run();
    }

    private void flush() {
        if (buffered > 0) {
            call(buffer, buffered);
            Arrays.fill(buffer, 0, buffered, (byte) 0);
            buffered = 0;
        }
    }

    private void call(byte[] data, int len) {
        try {
            started();
            check((int) b.mdUpdate().invokeExact(context.ctx, data, (long) len));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libcrypto: EVP_DigestUpdate: " + e.getClass().getSimpleName(), e);
        }
    }

    private void started() throws Throwable {
        if (context.ctx == 0) {
            long c = (long) b.mdNew().invokeExact();
            if (c == 0) {
                throw new IllegalStateException("libcrypto: EVP_MD_CTX_new failed");
            }
            context.ctx = c;
            check((int) b.mdInit().invokeExact(c, b.sha512(), 0L));
        }
    }

    private static void check(int result) {
        if (result != 1) {
            throw new IllegalStateException("libcrypto: a SHA-512 call failed");
        }
    }

    /**
     * Before first use: libcrypto's SHA-512 must give the JDK's for empty, short, buffered and large inputs. The
     * instance checked has a 256-byte buffer, so that the checks cross every buffer edge with 785 bytes of data
     * rather than 196 KiB (hashed four times through the JDK's SHA-512 at start-up, that was 15 ms of CPU).
     */
    static boolean selfCheck(OpenSsl.Bindings b) throws NoSuchAlgorithmException {
        int size = 256;
        MessageDigest jdk = MessageDigest.getInstance("SHA-512");
        MessageDigest ours = new OpenSslSha512(b, size);
        if (!Arrays.equals(jdk.digest(), ours.digest())) {
            return false;
        }
        byte[] data = new byte[3 * size + 17];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        for (int piece : new int[] {1, 100, size - 1, size, data.length}) {
            for (int at = 0; at < data.length; at += piece) {
                int n = Math.min(piece, data.length - at);
                jdk.update(data, at, n);
                ours.update(data, at, n);
            }
            ours.update((byte) piece);
            jdk.update((byte) piece);
            if (!Arrays.equals(jdk.digest(), ours.digest())) {
                return false;
            }
        }
        return Arrays.equals(jdk.digest("sops".getBytes(StandardCharsets.US_ASCII)),
                ours.digest("sops".getBytes(StandardCharsets.US_ASCII)));
    }
}
