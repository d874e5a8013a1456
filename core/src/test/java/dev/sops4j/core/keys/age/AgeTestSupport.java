package dev.sops4j.core.keys.age;

import dev.sops4j.core.env.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds hermetic environments: home and working directory inside a test's temp dir, only the given variables. */
final class AgeTestSupport {
    static final PassphraseProvider NO_PASSPHRASE = prompt -> {
        throw new AssertionError("no passphrase expected, asked: " + prompt);
    };

    private AgeTestSupport() {
    }

    static Environment env(Path dir, Map<String, String> vars) {
        try {
            Files.createDirectories(dir.resolve("home"));
            Files.createDirectories(dir.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Environment(vars, dir.resolve("home"), dir.resolve("work"));
    }

    static AgeKeySource source(Path dir, Map<String, String> vars) {
        return new AgeKeySource(env(dir, vars), NO_PASSPHRASE);
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
