package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.armor.ArmoredEncryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

/** Whole age files in memory, through jagged's framing (header MAC, STREAM payload) and PEM armor. */
final class AgeFiles {
    static final String ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
    private static final int MAX_PLAINTEXT = 1 << 24;

    private AgeFiles() {
    }

    /** Encrypts {@code plaintext} to the given recipients as armored text, byte-identical in layout to age's. */
    static String encryptArmored(byte[] plaintext, List<RecipientStanzaWriter> recipients)
            throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WritableByteChannel channel = new ArmoredEncryptingChannelFactory()
                .newEncryptingChannel(Channels.newChannel(out), recipients)) {
            ByteBuffer buffer = ByteBuffer.wrap(plaintext);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    static boolean isAgeFile(byte[] data) {
        String head = new String(data, 0, Math.min(data.length, 14), StandardCharsets.ISO_8859_1);
        return head.equals("age-encryption") || head.equals("-----BEGIN AGE");
    }

    /** Decrypts an armored or binary age file; the caller wipes the returned plaintext. */
    static byte[] decrypt(byte[] data, RecipientStanzaReader reader) throws GeneralSecurityException, IOException {
        String head = new String(data, 0, Math.min(data.length, 64), StandardCharsets.ISO_8859_1).stripLeading();
        DecryptingChannelFactory factory;
        byte[] input = data;
        if (head.startsWith("-----BEGIN AGE")) {
            factory = new ArmoredDecryptingChannelFactory();
            input = normaliseArmor(new String(data, StandardCharsets.ISO_8859_1));
        } else {
            factory = new StandardDecryptingChannelFactory();
        }
        try (ReadableByteChannel channel = factory.newDecryptingChannel(
                Channels.newChannel(new ByteArrayInputStream(input)), List.of(reader))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                out.write(buffer.array(), 0, buffer.limit());
                buffer.clear();
                if (out.size() > MAX_PLAINTEXT) {
                    throw new IOException("age payload too large");
                }
            }
            return out.toByteArray();
        }
    }

    /** Like age's armor reader: surrounding whitespace and CRLF line ends are tolerated. */
    private static byte[] normaliseArmor(String text) {
        String t = text.replace("\r\n", "\n").strip();
        return (t + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
