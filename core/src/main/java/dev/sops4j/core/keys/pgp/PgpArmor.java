package dev.sops4j.core.keys.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;

/**
 * ASCII armor as sops writes it. The encoder is our own because BouncyCastle's adds a {@code Version} header and
 * uses the platform line separator, while sops (go-crypto) writes no headers, {@code \n} line ends, 64-column base64,
 * the CRC-24 line and no newline after the END line. Decoding is lenient and left to BouncyCastle.
 */
final class PgpArmor {
    private static final int LINE = 64;
    private static final String DASHES = "-----";

    private PgpArmor() {
    }

    /** {@code -----BEGIN PGP MESSAGE-----} armor of {@code data}, byte-for-byte in sops' layout. */
    static String encodeMessage(byte[] data) {
        String b64 = Base64.getEncoder().encodeToString(data);
        StringBuilder out = new StringBuilder(b64.length() + b64.length() / LINE + 80);
        out.append(DASHES).append("BEGIN PGP MESSAGE").append(DASHES).append("\n\n");
        for (int i = 0; i < b64.length(); i += LINE) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(b64, i, Math.min(b64.length(), i + LINE));
        }
        int crc = crc24(data);
        byte[] crcBytes = {(byte) (crc >> 16), (byte) (crc >> 8), (byte) crc};
        out.append("\n=").append(Base64.getEncoder().encodeToString(crcBytes));
        out.append('\n').append(DASHES).append("END PGP MESSAGE").append(DASHES);
        return out.toString();
    }

    /** The binary content of the first armored block in {@code text}. */
    static byte[] decodeFirst(String text) throws IOException {
        List<byte[]> blocks = decodeAll(text);
        if (blocks.isEmpty()) {
            throw new IOException("no armored PGP block found");
        }
        return blocks.get(0);
    }

    /** Every armored block in {@code text} (a key file may hold several), in order. */
    static List<byte[]> decodeAll(String text) throws IOException {
        List<byte[]> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf(DASHES + "BEGIN PGP ", from);
            if (begin < 0) {
                return blocks;
            }
            int endMarker = text.indexOf(DASHES + "END PGP ", begin);
            if (endMarker < 0) {
                throw new IOException("armored PGP block without END line");
            }
            int lineEnd = text.indexOf('\n', endMarker);
            int end = lineEnd < 0 ? text.length() : lineEnd + 1;
            String block = text.substring(begin, end);
            if (lineEnd < 0) {
                block += "\n";
            }
            blocks.add(dearmor(block));
            from = end;
        }
    }

    private static byte[] dearmor(String block) throws IOException {
        try (InputStream in = new ArmoredInputStream(
                new ByteArrayInputStream(block.getBytes(StandardCharsets.UTF_8)))) {
            return in.readAllBytes();
        }
    }

    /** RFC 4880 §6.1 CRC-24. */
    static int crc24(byte[] data) {
        int crc = 0xB704CE;
        for (byte b : data) {
            crc ^= (b & 0xff) << 16;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= 0x1864CFB;
                }
            }
        }
        return crc & 0xFFFFFF;
    }
}
