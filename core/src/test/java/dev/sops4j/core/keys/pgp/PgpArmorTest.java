package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PgpArmorTest {

    @Test
    void reArmoringARealSopsMessageGivesTheSameText() throws IOException {
        String enc = SopsVectors.formatYamlEnc();
        assertEquals(enc, PgpArmor.encodeMessage(PgpArmor.decodeFirst(enc)));
    }

    @Test
    void layoutOfAShortMessage() {
        // 48 bytes = exactly one 64-column line: no empty line before the checksum
        byte[] data = new byte[48];
        assertEquals("-----BEGIN PGP MESSAGE-----\n\n" + "A".repeat(64) + "\n=" + crcBase64(data)
                + "\n-----END PGP MESSAGE-----", PgpArmor.encodeMessage(data));
        assertEquals("-----BEGIN PGP MESSAGE-----\n\nAAAA\n=" + crcBase64(new byte[3]) + "\n-----END PGP MESSAGE-----",
                PgpArmor.encodeMessage(new byte[3]));
    }

    @Test
    void crc24KnownValues() {
        assertEquals(0xB704CE, PgpArmor.crc24(new byte[0]));
        // RFC 4880 CRC-24 of ASCII "123456789" is 0x21CF02
        assertEquals(0x21CF02, PgpArmor.crc24("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void decodesEveryBlockOfAKeyFile() throws IOException {
        String two = PgpArmor.encodeMessage(new byte[] {1}) + "\n\ntext between\n"
                + PgpArmor.encodeMessage(new byte[] {2, 3}).replace("\n", "\r\n");
        List<byte[]> blocks = PgpArmor.decodeAll(two);
        assertEquals(2, blocks.size());
        assertArrayEquals(new byte[] {1}, blocks.get(0));
        assertArrayEquals(new byte[] {2, 3}, blocks.get(1));
    }

    @Test
    void corruptChecksumIsRejected() {
        String armored = PgpArmor.encodeMessage(new byte[] {1, 2, 3, 4, 5, 6});
        String corrupt = armored.replaceFirst("\n=....\n", "\n=AAAA\n");
        assertThrows(IOException.class, () -> PgpArmor.decodeFirst(corrupt));
        IOException none = assertThrows(IOException.class, () -> PgpArmor.decodeFirst("hello"));
        assertEquals("no armored PGP block found", none.getMessage());
    }

    @Property(tries = 200)
    void armorRoundTrips(@ForAll @Size(max = 300) byte[] data) throws IOException {
        assertArrayEquals(data, PgpArmor.decodeFirst(PgpArmor.encodeMessage(data)));
    }

    private static String crcBase64(byte[] data) {
        int crc = PgpArmor.crc24(data);
        return java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) (crc >> 16), (byte) (crc >> 8),
            (byte) crc});
    }
}
