package dev.sops4j.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Whole files in and out of byte arrays, a slice at a time. A heap array handed whole to a channel or to a
 * {@code FileOutputStream} is first copied into native memory of its full size (NIO's temporary direct buffer,
 * the JDK's malloc in {@code FileOutputStream.write}): decrypting a 28 MB file to standard output held 28 MB and
 * 20 MB of such copies at its peak, beside the arrays themselves. A slice of {@value #SLICE} bytes bounds them.
 * ({@code Files.write} already writes in slices; {@code Files.readAllBytes} reads in one call.)
 */
public final class Chunked {
    /** The most bytes one read or write call moves (and so the most native memory it borrows). */
    static final int SLICE = 1 << 18;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Chunked() {
    }

    /** The whole file, as {@code Files.readAllBytes} gives it (and failing as it does), read a slice at a time. */
    public static byte[] readAll(Path file, OpenOption... options) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file, options)) {
            return readAll(ch);
        }
    }

    /** Every byte from the channel's position to its end (its size is a hint: a file may grow or shrink meanwhile). */
    public static byte[] readAll(SeekableByteChannel ch) throws IOException {
        long hint = Math.max(0, ch.size() - ch.position());
        if (hint > MAX_ARRAY) {
            throw new OutOfMemoryError("file too large for one array: " + hint + " bytes");
        }
        byte[] buf = new byte[(int) hint];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                // full at the size hint: one more byte says whether the file ended there
                ByteBuffer probe = ByteBuffer.allocate(1);
                if (ch.read(probe) < 0) {
                    return buf;
                }
                if (buf.length == MAX_ARRAY) {
                    throw new OutOfMemoryError("file too large for one array");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(MAX_ARRAY, Math.max(buf.length * 2L, buf.length + 8192L)));
                buf[n++] = probe.get(0);
                continue;
            }
            int got = ch.read(ByteBuffer.wrap(buf, n, Math.min(SLICE, buf.length - n)));
            if (got < 0) {
                return n == buf.length ? buf : Arrays.copyOf(buf, n);
            }
            n += got;
        }
    }

    /** All of {@code bytes} to the channel. */
    public static void writeAll(WritableByteChannel ch, byte[] bytes) throws IOException {
        for (int off = 0; off < bytes.length; ) {
            ByteBuffer slice = ByteBuffer.wrap(bytes, off, Math.min(SLICE, bytes.length - off));
            while (slice.hasRemaining()) {
                ch.write(slice);
            }
            off = slice.position();
        }
    }

    /** All of {@code bytes} to the stream (not flushed). */
    public static void writeAll(OutputStream out, byte[] bytes) throws IOException {
        for (int off = 0; off < bytes.length; off += SLICE) {
            out.write(bytes, off, Math.min(SLICE, bytes.length - off));
        }
    }
}
