package dev.sops4j.testing;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The repository's throw-away age key ({@code testdata/age}), for tests that make their encrypted fixtures at test
 * time with sops4j itself instead of committing them.
 */
public final class AgeTestKey {
    private AgeTestKey() {
    }

    /** The repository root: the nearest directory above the working directory holding testdata/age. */
    public static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("testdata/age/keys.txt"))) {
                return p;
            }
        }
        throw new IllegalStateException("testdata/age/keys.txt not found above " + Path.of("").toAbsolutePath());
    }

    /** The identity file, as {@code SOPS_AGE_KEY_FILE} takes it. */
    public static Path keyFile() {
        return repo().resolve("testdata/age/keys.txt");
    }

    public static String recipient() {
        try {
            return Files.readString(repo().resolve("testdata/age/recipient.txt")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code plain} (a file of {@code format}) encrypted for the test recipient. */
    public static byte[] encrypt(String plain, Format format) {
        EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of(recipient())))), 0,
                Optional.empty(), false);
        return Sops4j.local(Environment.system()).encrypt(plain.getBytes(StandardCharsets.UTF_8), format, spec);
    }
}
