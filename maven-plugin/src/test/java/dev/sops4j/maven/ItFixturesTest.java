package dev.sops4j.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.api.SopsFiles;
import dev.sops4j.core.api.SopsFiles.Verification;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.age.AgeKeys;
import dev.sops4j.core.store.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The encrypted files the invoker ITs use are our own fixtures, made by sops4j for the repository's test age
 * recipient. {@code mvn -pl maven-plugin -am test -Dtest=ItFixturesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsops4j.regen} writes them again ({@code -Dsops4j.regen=missing}: only those not there yet); without
 * {@code sops4j.regen} this checks the committed ones still decrypt to their plaintext sources.
 */
class ItFixturesTest {
    private static final Path IT = Path.of("src/it");
    private static final Path SOURCES = Path.of("src/test/resources/it-fixtures");
    private static final Path REPO = Path.of("..");

    /** How a fixture is made from its plaintext source. */
    private enum Kind { FOR_TEST_KEY, FOR_UNKNOWN_KEY, MAC_TAMPERED, VALUE_MANGLED, MAC_REMOVED }

    private record Fixture(Path source, Path target, Kind kind) {
        Fixture(String source, String target, Kind kind) {
            this(source.startsWith("it:") ? IT.resolve(source.substring(3)) : SOURCES.resolve(source),
                    IT.resolve(target), kind);
        }
    }

    private static final List<Fixture> FIXTURES = List.of(
            new Fixture("it:decrypt-yaml-json/expected/app.yaml", "decrypt-yaml-json/secrets/app.enc.yaml",
                    Kind.FOR_TEST_KEY),
            new Fixture("it:decrypt-yaml-json/expected/db.json", "decrypt-yaml-json/secrets/db.enc.json",
                    Kind.FOR_TEST_KEY),
            new Fixture("properties.yaml", "properties-filtering/secrets/app.enc.yaml", Kind.FOR_TEST_KEY),
            new Fixture("properties.yaml", "properties-debug-log/secrets/app.enc.yaml", Kind.FOR_TEST_KEY),
            new Fixture("good.yaml", "verify-plaintext-fails/secrets/good.enc.yaml", Kind.FOR_TEST_KEY),
            new Fixture("tampered.json", "verify-tampered-mac-fails/secrets/payments.enc.json", Kind.MAC_TAMPERED),
            new Fixture("good.yaml", "verify-tampered-mac-fails/secrets/good.enc.yaml", Kind.FOR_TEST_KEY),
            new Fixture("good.yaml", "verify-structure-only/secrets/other-team.enc.yaml", Kind.FOR_UNKNOWN_KEY),
            new Fixture("good.json", "verify-structure-only/secrets/ours.enc.json", Kind.FOR_TEST_KEY),
            new Fixture("good.yaml", "decrypt-errors/secrets/other-team.enc.yaml", Kind.FOR_UNKNOWN_KEY),
            new Fixture("good.json", "decrypt-errors/secrets/other-team.enc.json", Kind.FOR_UNKNOWN_KEY),
            new Fixture("good.yaml", "verify-malformed-fails/secrets/mangled.enc.yaml", Kind.VALUE_MANGLED),
            new Fixture("good.json", "verify-malformed-fails/secrets/no-mac.enc.json", Kind.MAC_REMOVED),
            new Fixture("module-a.yaml", "multi-module/module-a/secrets/a.enc.yaml", Kind.FOR_TEST_KEY),
            new Fixture("module-b.json", "multi-module/module-b/secrets/b.enc.json", Kind.FOR_TEST_KEY));

    private static Environment env() {
        Path keys = REPO.resolve("testdata/age/keys.txt").toAbsolutePath().normalize();
        Path nowhere = Path.of("/nonexistent-sops4j-home");
        return new Environment(Map.of("SOPS_AGE_KEY_FILE", keys.toString()), nowhere, nowhere);
    }

    @Test
    void fixturesMatchTheirSources() throws Exception {
        String regen = System.getProperty("sops4j.regen");
        if (regen != null) {
            regenerate(regen.equals("missing"));
        }
        SopsFiles api = new SopsFiles(Sops4j.local(env()));
        for (Fixture f : FIXTURES) {
            assertTrue(Files.isRegularFile(f.target()), "missing " + f.target() + ": run with -Dsops4j.regen");
            switch (f.kind()) {
                case FOR_TEST_KEY -> assertArrayEquals(Files.readAllBytes(f.source()),
                        api.decryptToBytes(f.target(), Optional.empty(), Optional.empty(), DecryptOptions.DEFAULTS),
                        f.target().toString());
                case FOR_UNKNOWN_KEY -> assertEquals(Verification.STRUCTURE_ONLY,
                        api.verify(f.target(), Optional.empty()), f.target().toString());
                case MAC_TAMPERED, MAC_REMOVED -> assertThrows(MacMismatchException.class,
                        () -> api.verify(f.target(), Optional.empty()), f.target().toString());
                case VALUE_MANGLED -> assertThrows(FormatException.class,
                        () -> api.verify(f.target(), Optional.empty()), f.target().toString());
            }
        }
    }

    private static void regenerate(boolean onlyMissing) throws Exception {
        Sops4j sops = Sops4j.local(env());
        String ours = Files.readString(REPO.resolve("testdata/age/recipient.txt")).trim();
        // Nobody keeps this identity: files for it can only ever be checked for structure.
        String stranger = AgeKeys.generateIdentity().recipient();
        for (Fixture f : FIXTURES) {
            if (onlyMissing && Files.exists(f.target())) {
                continue;
            }
            // Malformed files are for the stranger too: their structure must fail without any key.
            String recipient = f.kind() == Kind.FOR_TEST_KEY || f.kind() == Kind.MAC_TAMPERED ? ours : stranger;
            EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of(recipient)))), 0,
                    Optional.empty(), false);
            Format format = Format.fromPath(f.target().toString());
            byte[] enc = sops.encrypt(Files.readAllBytes(f.source()), format, spec);
            String text = new String(enc, StandardCharsets.UTF_8);
            String changed = switch (f.kind()) {
                // An unencrypted value is covered by the MAC: changing it leaves every ciphertext intact.
                case MAC_TAMPERED -> text.replace("\"eu-west-1\"", "\"us-east-1\"");
                case VALUE_MANGLED -> text.replaceFirst("token: ENC\\[AES256_GCM,data:[^,]*,",
                        "token: ENC[AES256_GCM,data:not*base64,");
                case MAC_REMOVED -> text.replaceFirst("\"mac\": \"ENC\\[[^\"]*\"", "\"mac\": \"\"");
                default -> text;
            };
            assertTrue(f.kind() == Kind.FOR_TEST_KEY || f.kind() == Kind.FOR_UNKNOWN_KEY || !changed.equals(text),
                    "change applied to " + f.target());
            enc = changed.getBytes(StandardCharsets.UTF_8);
            Files.createDirectories(f.target().getParent());
            Files.write(f.target(), enc);
        }
    }
}
