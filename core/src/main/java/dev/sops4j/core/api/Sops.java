package dev.sops4j.core.api;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The one-line API: decrypt a sops file into a {@link SopsDocument}, finding keys as the sops4j CLI does.
 *
 * <pre>{@code
 * try (SopsDocument doc = Sops.decrypt(Path.of("app.enc.yaml"))) {
 *     String password = doc.get("db.password").orElseThrow();
 * }
 * }</pre>
 *
 * Key sources: age and PGP always; AWS KMS and Nexus too when {@code sops4j-runtime} is on the class path (it
 * provides the {@link KeySourcesProvider} the CLI and the Maven plugin use). Every failure is a
 * {@link dev.sops4j.core.error.SopsException} with a one-line message that names the cause and holds no secret.
 */
public final class Sops {
    private Sops() {
    }

    /** Decrypts {@code file} (format from its name, as sops guesses it) with the CLI's key lookup. */
    public static SopsDocument decrypt(Path file) {
        return decrypt(file, SopsSettings.defaults());
    }

    public static SopsDocument decrypt(Path file, SopsSettings settings) {
        Sops4j sops = sops4j(settings);
        // a SopsDocument only reads: no IV is remembered for re-encryption
        DecryptedFile decrypted = new SopsFiles(sops).decrypt(file, Optional.empty(), settings.options().readOnly());
        return new SopsDocument(decrypted, sops);
    }

    /** Decrypts an encrypted file read from {@code in} (not closed here), for class-path resources and the like. */
    public static SopsDocument decrypt(InputStream in, Format format) {
        return decrypt(in, format, SopsSettings.defaults());
    }

    public static SopsDocument decrypt(InputStream in, Format format, SopsSettings settings) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InputException("cannot read the encrypted input: " + e.getClass().getSimpleName(), e);
        }
        Sops4j sops = sops4j(settings);
        return new SopsDocument(sops.decrypt(bytes, format, settings.options().readOnly()), sops);
    }

    /**
     * The library with every key source available on the class path: the {@link KeySourcesProvider} found by
     * {@link ServiceLoader} (sops4j-runtime's composition root), else age and PGP.
     */
    public static Sops4j sops4j(SopsSettings settings) {
        Iterator<KeySourcesProvider> providers =
                ServiceLoader.load(KeySourcesProvider.class, Sops.class.getClassLoader()).iterator();
        Sops4j.Builder builder = providers.hasNext()
                ? providers.next().builder(settings.environment())
                : Sops4j.builder().withLocalKeySources(settings.environment());
        return builder.build();
    }
}
