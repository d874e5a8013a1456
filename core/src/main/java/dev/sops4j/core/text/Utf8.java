package dev.sops4j.core.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 validity as Go's {@code utf8.Valid} judges it. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * True when the bytes are well-formed UTF-8. Decoded through a small window: a 20 MB binary file must not cost a
     * 40 MB char array to be checked.
     */
    public static boolean isValid(byte[] bytes) {
        if (AsciiScan.firstNonAscii(bytes, 0, bytes.length) == bytes.length) {
            return true; // ASCII, as most values are: no decoder to make
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer window = CharBuffer.allocate(Math.min(bytes.length, 8192) + 2);
        while (true) {
            CoderResult r = decoder.decode(in, window, true);
            if (r.isError()) {
                return false;
            }
            if (r.isUnderflow()) {
                return !decoder.flush(window).isError();
            }
            window.clear();
        }
    }
}
