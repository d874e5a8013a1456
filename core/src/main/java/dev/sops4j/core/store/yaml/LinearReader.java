package dev.sops4j.core.store.yaml;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's reader over text that is already decoded, in linear time. SnakeYAML's own {@link StreamReader} keeps
 * a window from the scanner's position to the end of what it has read and copies that window on every refill of
 * 1,023 characters; the scanner looks ahead over a whole scalar before it moves, so one long scalar cost time in
 * the square of its length. This reader indexes the whole text instead and copies nothing but the prefixes the
 * scanner asks for.
 *
 * <p>Everything the scanner can observe is kept as SnakeYAML does it: refills happen at the same points (so a
 * non-printable character is reported at the same moment relative to syntax errors), look-ahead past the refilled
 * text reads as NUL, and line and column count the same breaks. Marks carry no text: a mark's snippet would echo
 * file content into error messages, and nothing here reads it. Every YAML sops4j reads (files and .sops.yaml)
 * goes through it.
 */
public final class LinearReader extends StreamReader {
    /** SnakeYAML reads {@code buffer.length - 1} characters per refill. */
    private static final int CHUNK = 1023;
    private static final int[] NO_TEXT = new int[0];
    private static final String NAME = "'reader'";

    private final String text;
    /** The code points when the text has surrogate pairs, else null (then a char is a code point). */
    private final int[] codePoints;
    /** The text's bytes when it is all printable ASCII (nothing to check, one byte a code point), else null. */
    private final byte[] ascii;
    private int loadedChars;
    private int loaded;
    private boolean eof;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    /** @param text the whole YAML text, already decoded */
    public LinearReader(String text) {
        this(text, null);
    }

    /**
     * @param text the whole YAML text, already decoded
     * @param printableAscii null, or the text's bytes when every one is printable ASCII (tab, line feed, carriage
     *     return, space to tilde; see {@link #isPrintableAscii}): then no character needs a check
     */
    public LinearReader(String text, byte[] printableAscii) {
        super(new StringReader(""));
        this.text = text;
        this.ascii = printableAscii;
        this.codePoints = printableAscii != null || !hasSurrogates(text) ? null : text.codePoints().toArray();
    }

    /** Whether every byte is a character SnakeYAML accepts and ASCII: a text of such bytes reads byte by byte. */
    public static boolean isPrintableAscii(byte[] input) {
        for (byte b : input) {
            if (b < 0x20 ? b != '\t' && b != '\n' && b != '\r' : b == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasSurrogates(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private int at(int i) {
        if (ascii != null) {
            return ascii[i];
        }
        return codePoints == null ? text.charAt(i) : codePoints[i];
    }

    /** SnakeYAML's refill rule: one chunk when the look-ahead reaches the end of what was read. */
    private boolean ensureEnoughData(int size) {
        if (!eof && pointer + size >= loaded) {
            refill();
        }
        return pointer + size < loaded;
    }

    private void refill() {
        int chars = Math.min(CHUNK, text.length() - loadedChars);
        if (chars <= 0) {
            eof = true;
            return;
        }
        if (ascii != null) {
            // Checked when the reader was made: printable, and one char per code point.
            loadedChars += chars;
            loaded += chars;
            return;
        }
        if (Character.isHighSurrogate(text.charAt(loadedChars + chars - 1))) {
            if (loadedChars + chars >= text.length()) {
                throw new ReaderException(NAME, loaded + chars, text.charAt(loadedChars + chars - 1),
                        "The last char is HighSurrogate (no LowSurrogate detected).");
            }
            chars++;
        }
        int end = loadedChars + chars;
        int cp = loaded;
        for (int i = loadedChars; i < end; cp++) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                throw new ReaderException(NAME, cp, c, "special characters are not allowed");
            }
            i += Character.charCount(c);
        }
        loadedChars = end;
        loaded = cp;
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, index, line, column, NO_TEXT, 0);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int n) {
        for (int i = 0; i < n && ensureEnoughData(0); i++) {
            int c = at(pointer++);
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && ensureEnoughData(0) && at(pointer) != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return ensureEnoughData(0) ? at(pointer) : 0;
    }

    @Override
    public int peek(int i) {
        return ensureEnoughData(i) ? at(pointer + i) : 0;
    }

    @Override
    public String prefix(int n) {
        if (n == 0) {
            return "";
        }
        int count = ensureEnoughData(n) ? n : Math.min(n, loaded - pointer);
        return slice(pointer, count);
    }

    private String slice(int from, int count) {
        if (codePoints != null) {
            return new String(codePoints, from, count);
        }
        return text.substring(from, from + count);
    }

    @Override
    public String prefixForward(int n) {
        String s = prefix(n);
        pointer += n;
        index += n;
        documentIndex += n;
        column += n;
        return s;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getLine() {
        return line;
    }
}
