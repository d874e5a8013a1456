package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyboxFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheKeysGpgImported() throws IOException {
        Path keys = SharedData.file(GnupgFixture.FUNCTIONAL_KEY);
        try (GnupgFixture gnupg = GnupgFixture.create(tmp)) {
            gnupg.importKeys(keys);
            List<byte[]> blocks = KeyboxFile.openPgpKeyblocks(Files.readAllBytes(gnupg.home.resolve("pubring.kbx")));
            List<String> fps = blocks.stream().map(b -> {
                try {
                    return HexFormat.of().withUpperCase()
                            .formatHex(Keyrings.publicRingOfKeyblock(b).getPublicKey().getFingerprint());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).sorted().toList();
            assertEquals(List.of("B611A2F9F11D0FF82568805119F9B5DAEA91FF86", "D7229043384BCC60326C6FB9D8720D957C3D3074",
                    GnupgFixture.FP1), fps);
        }
    }

    @Test
    void skipsHeaderX509AndEphemeralBlobs() throws IOException {
        ByteArrayOutputStream kbx = new ByteArrayOutputStream();
        kbx.writeBytes(blob(1, 0, new byte[] {'K', 'B', 'X', 'f'}));
        kbx.writeBytes(blob(3, 0, new byte[] {9, 9}));
        kbx.writeBytes(blob(2, 0x02, new byte[] {7, 7, 7}));
        kbx.writeBytes(blob(2, 0, new byte[] {1, 2, 3, 4}));
        List<byte[]> blocks = KeyboxFile.openPgpKeyblocks(kbx.toByteArray());
        assertEquals(1, blocks.size());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, blocks.get(0));
    }

    @Test
    void rejectsTruncatedAndInconsistentBlobs() {
        byte[] good = blob(2, 0, new byte[] {1, 2});
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        assertEquals("bad keybox blob length " + good.length + " at offset 0",
                assertThrows(IOException.class, () -> KeyboxFile.openPgpKeyblocks(truncated)).getMessage());
        byte[] outside = good.clone();
        outside[15] = 100; // keyblock length beyond the blob
        assertEquals("keyblock outside its keybox blob at offset 0",
                assertThrows(IOException.class, () -> KeyboxFile.openPgpKeyblocks(outside)).getMessage());
        assertEquals("truncated keybox blob at offset 0",
                assertThrows(IOException.class, () -> KeyboxFile.openPgpKeyblocks(new byte[] {0, 0, 0})).getMessage());
    }

    /** A blob: header, then the payload as keyblock (for type 2), then a fake 20-byte checksum. */
    private static byte[] blob(int type, int flags, byte[] payload) {
        int headerLen = 16;
        int len = headerLen + payload.length + 20;
        byte[] b = new byte[len];
        putU32(b, 0, len);
        b[4] = (byte) type;
        b[5] = 1;
        b[6] = (byte) (flags >> 8);
        b[7] = (byte) flags;
        putU32(b, 8, headerLen);
        putU32(b, 12, payload.length);
        System.arraycopy(payload, 0, b, headerLen, payload.length);
        return b;
    }

    private static void putU32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
