package dev.sops4j.core.keys.age;

import static dev.sops4j.core.keys.age.AgeTestSupport.env;
import static dev.sops4j.core.keys.age.AgeTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passphrase-protected identity files made with our own scrypt stanza (low work factor to stay fast). */
class ScryptIdentityTest {
    private static final AgeKeys.GeneratedIdentity ALICE = AgeKeys.generateIdentity();

    @TempDir
    Path dir;

    private static String armoredIdentityFile(String passphrase, int logN) throws Exception {
        RecipientStanzaWriter w = new Scrypt.Recipient(passphrase.getBytes(StandardCharsets.UTF_8), logN,
                new SecureRandom());
        return AgeFiles.encryptArmored(ALICE.fileText().getBytes(StandardCharsets.US_ASCII), List.of(w));
    }

    private static byte[] binaryIdentityFile(String passphrase) throws Exception {
        RecipientStanzaWriter w = new Scrypt.Recipient(passphrase.getBytes(StandardCharsets.UTF_8), 10,
                new SecureRandom());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WritableByteChannel ch = new StandardEncryptingChannelFactory()
                .newEncryptingChannel(Channels.newChannel(out), List.of(w))) {
            ch.write(ByteBuffer.wrap(ALICE.fileText().getBytes(StandardCharsets.US_ASCII)));
        }
        return out.toByteArray();
    }

    private static AgeKeyRef wrapped() {
        return new AgeKeySource(new dev.sops4j.core.env.Environment(Map.of(), Path.of("/nonexistent"),
                Path.of("/nonexistent")), AgeTestSupport.NO_PASSPHRASE)
                .wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(new byte[32]));
    }

    @Test
    void binaryIdentityFileWorksAndPassphraseIsAskedOnceAcrossThreads() throws Exception {
        Path file = dir.resolve("work/keys.age");
        Files.createDirectories(file.getParent());
        Files.write(file, binaryIdentityFile("pw"));
        AtomicInteger asked = new AtomicInteger();
        AgeKeySource source = new AgeKeySource(env(dir, Map.of("SOPS_AGE_KEY_FILE", "keys.age")), prompt -> {
            asked.incrementAndGet();
            return "pw".toCharArray();
        });
        AgeKeyRef ref = wrapped();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    try (SecretBytes s = source.unwrap(ref)) {
                        return s.copy();
                    }
                }));
            }
            for (Future<byte[]> f : results) {
                assertArrayEquals(new byte[32], f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, asked.get());
    }

    @Test
    void passphraseIsNotAskedWhenAPlainKeyMatchesFirst() throws Exception {
        write(dir.resolve("work/keys.txt"), armoredIdentityFile("pw", 10));
        AgeKeySource source = new AgeKeySource(env(dir, Map.of("SOPS_AGE_KEY", ALICE.identity(),
                "SOPS_AGE_KEY_FILE", "keys.txt")), AgeTestSupport.NO_PASSPHRASE);
        try (SecretBytes s = source.unwrap(wrapped())) {
            assertArrayEquals(new byte[32], s.copy());
        }
    }

    @Test
    void excessiveWorkFactorIsRefused() throws Exception {
        // A forged stanza: real 2^23 scrypt would need 8 GiB. The work factor is checked before any scrypt runs.
        RecipientStanzaWriter forged = fileKey -> List.of(new Stanza("scrypt",
                List.of(AgeCrypto.b64(new byte[16]), "23"), new byte[32]));
        String file = AgeFiles.encryptArmored(new byte[1], List.of(forged));
        write(dir.resolve("work/keys.txt"), file);
        AgeKeySource source = new AgeKeySource(env(dir, Map.of("SOPS_AGE_KEY_FILE", "keys.txt")),
                prompt -> "pw".toCharArray());
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(wrapped()));
        assertEquals("no age identity matches recipient " + ALICE.recipient() + ": tried 1 identity from "
                + "SOPS_AGE_KEY_FILE; SOPS_AGE_KEY_FILE: failed to decrypt identity file: scrypt work factor 2^23 is"
                + " too large", e.getMessage());
    }

    @Test
    void scryptStanzaMixedWithOthersIsRejected() throws Exception {
        byte[] pass = "pw".getBytes(StandardCharsets.UTF_8);
        String file = AgeFiles.encryptArmored(ALICE.fileText().getBytes(StandardCharsets.US_ASCII), List.of(
                new Scrypt.Recipient(pass, 10, new SecureRandom()),
                AgeRecipients.parse(ALICE.recipient(), new SecureRandom())));
        write(dir.resolve("work/keys.txt"), file);
        AgeKeySource source = new AgeKeySource(env(dir, Map.of("SOPS_AGE_KEY_FILE", "keys.txt")),
                prompt -> "pw".toCharArray());
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(wrapped()));
        assertEquals("no age identity matches recipient " + ALICE.recipient() + ": tried 1 identity from "
                + "SOPS_AGE_KEY_FILE; SOPS_AGE_KEY_FILE: failed to decrypt identity file: an scrypt stanza must be"
                + " the only one in the header", e.getMessage());
    }

    @Test
    void missingTerminalIsAOneLineError() throws Exception {
        write(dir.resolve("work/keys.txt"), armoredIdentityFile("pw", 10));
        AgeKeySource source = new AgeKeySource(env(dir, Map.of("SOPS_AGE_KEY_FILE", "keys.txt")), prompt -> {
            throw new KeySourceException("cannot ask for the passphrase of an encrypted age identity: no terminal");
        });
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(wrapped()));
        assertEquals("cannot ask for the passphrase of an encrypted age identity: no terminal", e.getMessage());
    }
}
