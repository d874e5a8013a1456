package dev.sops4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files through slices: the same bytes as one call, never more than a slice per call. */
class ChunkedTest {
    @TempDir
    Path dir;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void readsAFileOfSeveralSlicesOneSliceAtATime() throws IOException {
        byte[] content = random(3 * Chunked.SLICE + 17);
        Path f = Files.write(dir.resolve("big"), content);
        List<Integer> asked = new ArrayList<>();
        try (FileChannel real = FileChannel.open(f, StandardOpenOption.READ)) {
            SeekableByteChannel spy = new Spy(real, asked);
            assertArrayEquals(content, Chunked.readAll(spy));
        }
        assertEquals(Chunked.SLICE, asked.stream().mapToInt(Integer::intValue).max().orElseThrow());
        assertEquals(List.of(Chunked.SLICE, Chunked.SLICE, Chunked.SLICE, 17, 1), asked);
    }

    @Test
    void readsPastASizeThatSaysNothing() throws IOException {
        // /proc files report size 0 and still have content
        Path status = Path.of("/proc/self/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(status), "no /proc here");
        try (SeekableByteChannel ch = Files.newByteChannel(status)) {
            String text = new String(Chunked.readAll(ch), java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(text.startsWith("Name:") && text.contains("\nVmRSS:"), text);
        }
    }

    @Test
    void readsAnEmptyFileAsNoBytes() throws IOException {
        Path f = Files.write(dir.resolve("empty"), new byte[0]);
        try (SeekableByteChannel ch = Files.newByteChannel(f)) {
            assertEquals(0, Chunked.readAll(ch).length);
        }
    }

    @Test
    void writesToAChannelASliceAtATime() throws IOException {
        byte[] content = random(2 * Chunked.SLICE + 5);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Integer> handed = new ArrayList<>();
        WritableByteChannel halves = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                handed.add(src.remaining());
                // a channel may take less than it is given: half of it here
                int n = Math.max(1, src.remaining() / 2);
                byte[] part = new byte[n];
                src.get(part);
                got.write(part, 0, n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        Chunked.writeAll(halves, content);
        assertArrayEquals(content, got.toByteArray());
        assertEquals(Chunked.SLICE, handed.stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    @Test
    void writesToAStreamASliceAtATime() throws IOException {
        byte[] content = random(Chunked.SLICE + 1);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Integer> lengths = new ArrayList<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("byte by byte");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                lengths.add(len);
                got.write(b, off, len);
            }
        };
        Chunked.writeAll(out, content);
        assertArrayEquals(content, got.toByteArray());
        assertEquals(List.of(Chunked.SLICE, 1), lengths);
    }

    /** A file channel that records how many bytes each read asks for. */
    private static final class Spy implements SeekableByteChannel {
        private final FileChannel real;
        private final List<Integer> asked;

        Spy(FileChannel real, List<Integer> asked) {
            this.real = real;
            this.asked = asked;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            asked.add(dst.remaining());
            return real.read(dst);
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
            real.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return real.isOpen();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}
