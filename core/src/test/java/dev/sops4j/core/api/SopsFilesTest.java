package dev.sops4j.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.api.SopsFiles.Verification;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.CryptoException;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.age.AgeKeySource;
import dev.sops4j.core.keys.age.AgeKeys;
import dev.sops4j.core.store.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SopsFilesTest {
    private static final String PLAIN = "{\n\t\"db\": {\n\t\t\"password\": \"hunter2\",\n\t\t\"port\": 5432\n\t},\n"
            + "\t\"host_unencrypted\": \"db.local\"\n}";

    private static AgeKeys.GeneratedIdentity identity;
    private static Sops4j withKey;
    private static Sops4j withoutKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        identity = AgeKeys.generateIdentity();
        Path nowhere = Path.of("/nonexistent-sops4j-home");
        Environment env = new Environment(Map.of("SOPS_AGE_KEY", identity.identity()), nowhere, nowhere);
        withKey = Sops4j.builder().keySource(new AgeKeySource(env)).build();
        Environment none = new Environment(Map.of(), nowhere, nowhere);
        withoutKey = Sops4j.builder().keySource(new AgeKeySource(none)).build();
    }

    private Path encrypted(String name, String plain) throws Exception {
        EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of(identity.recipient())))),
                0, Optional.empty(), false);
        byte[] enc = withKey.encrypt(plain.getBytes(StandardCharsets.UTF_8), Format.JSON, spec);
        return Files.write(dir.resolve(name), enc);
    }

    private Path edited(Path file, String regex, String replacement) throws Exception {
        String text = Files.readString(file);
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "fixture contains " + regex);
        return Files.writeString(file, m.replaceFirst(Matcher.quoteReplacement(replacement)));
    }

    @Test
    void decryptToBytesGivesThePlaintextBack() throws Exception {
        Path f = encrypted("app.json", PLAIN);
        assertFalse(Files.readString(f).contains("hunter2"));
        byte[] out = new SopsFiles(withKey).decryptToBytes(f, Optional.empty(), Optional.empty(),
                DecryptOptions.DEFAULTS);
        assertEquals(PLAIN, new String(out, StandardCharsets.UTF_8).stripTrailing());
    }

    @Test
    void decryptToBytesConvertsToAnotherFormat() throws Exception {
        Path f = encrypted("app.json", PLAIN);
        byte[] out = new SopsFiles(withKey).decryptToBytes(f, Optional.empty(), Optional.of(Format.YAML),
                DecryptOptions.DEFAULTS);
        assertEquals("db:\n    password: hunter2\n    port: 5432\nhost_unencrypted: db.local\n",
                new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void decryptGivesTheTreeAndFormatOfUnknownExtensionIsBinary() throws Exception {
        Path f = encrypted("app.json", PLAIN);
        try (DecryptedFile d = new SopsFiles(withKey).decrypt(f, Optional.empty(), DecryptOptions.DEFAULTS)) {
            assertEquals(Map.of("db.password", "hunter2", "db.port", "5432", "host_unencrypted", "db.local"),
                    Flattener.flatten(d.branches(), ""));
        }
        assertEquals(Format.BINARY, SopsFiles.formatOf(Path.of("x/secret.bin"), Optional.empty()));
        assertEquals(Format.JSON, SopsFiles.formatOf(Path.of("secret.bin"), Optional.of(Format.JSON)));
    }

    @Test
    void verifyWithKeyChecksTheMac() throws Exception {
        Path f = encrypted("app.json", PLAIN);
        assertEquals(Verification.MAC_VERIFIED, new SopsFiles(withKey).verify(f, Optional.empty()));
        assertTrue(new SopsFiles(withKey).isEncrypted(f, Optional.empty()));
    }

    @Test
    void verifyWithoutKeyChecksStructureOnly() throws Exception {
        Path f = encrypted("app.json", PLAIN);
        assertEquals(Verification.STRUCTURE_ONLY, new SopsFiles(withoutKey).verify(f, Optional.empty()));
        assertThrows(KeyRetrievalException.class,
                () -> new SopsFiles(withoutKey).decrypt(f, Optional.empty(), DecryptOptions.DEFAULTS));
    }

    @Test
    void plaintextIsReportedNotThrown() throws Exception {
        Path f = Files.writeString(dir.resolve("plain.json"), PLAIN);
        assertEquals(Verification.PLAINTEXT, new SopsFiles(withKey).verify(f, Optional.empty()));
        assertEquals(Verification.PLAINTEXT, new SopsFiles(withoutKey).verify(f, Optional.empty()));
        assertFalse(new SopsFiles(withKey).isEncrypted(f, Optional.empty()));
    }

    @Test
    void tamperedUnencryptedValueIsAMacMismatchWithKeyOnly() throws Exception {
        Path f = edited(encrypted("app.json", PLAIN), "db\\.local", "evil.example");
        MacMismatchException e = assertThrows(MacMismatchException.class,
                () -> new SopsFiles(withKey).verify(f, Optional.empty()));
        assertEquals("MAC mismatch. The MAC stored in the file does not match the one computed from its values",
                e.getMessage());
        assertEquals(51, e.exitCode().code());
        assertEquals(Verification.STRUCTURE_ONLY, new SopsFiles(withoutKey).verify(f, Optional.empty()));
    }

    @Test
    void verifyChecksTheMacEvenWhenAskedToIgnoreIt() throws Exception {
        Path f = edited(encrypted("app.json", PLAIN), "db\\.local", "evil.example");
        assertThrows(MacMismatchException.class,
                () -> new SopsFiles(withKey).verify(f, Optional.empty(), new DecryptOptions(true, List.of("age"))));
    }

    @Test
    void tamperedCiphertextFailsToDecrypt() throws Exception {
        Path f = encrypted("app.json", PLAIN);
        String text = Files.readString(f);
        Matcher m = Pattern.compile("\"password\": \"ENC\\[AES256_GCM,data:([^,]+),").matcher(text);
        assertTrue(m.find());
        String data = m.group(1);
        String flipped = (data.charAt(0) == 'A' ? "B" : "A") + data.substring(1);
        Files.writeString(f, text.replace("data:" + data + ",", "data:" + flipped + ","));
        SopsException e = assertThrows(SopsException.class, () -> new SopsFiles(withKey).verify(f, Optional.empty()));
        assertTrue(e instanceof CryptoException || e instanceof MacMismatchException, e.toString());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void malformedEncryptedValueIsFoundWithoutKey() throws Exception {
        Path f = edited(encrypted("app.json", PLAIN), "\"password\": \"ENC\\[[^\"]*\"",
                "\"password\": \"ENC[AES256_GCM,data:@@@,iv:x,tag:y,type:str]\"");
        FormatException e = assertThrows(FormatException.class,
                () -> new SopsFiles(withoutKey).verify(f, Optional.empty()));
        assertEquals("malformed encrypted value at db:password: not ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]"
                + " with base64 parts", e.getMessage());
    }

    @Test
    void missingMacIsFoundWithoutKey() throws Exception {
        Path f = edited(encrypted("app.json", PLAIN), "\"mac\": \"ENC\\[[^\"]*\"", "\"mac\": \"\"");
        MacMismatchException e = assertThrows(MacMismatchException.class,
                () -> new SopsFiles(withoutKey).verify(f, Optional.empty()));
        assertEquals("MAC mismatch. File has no MAC", e.getMessage());
    }

    @Test
    void brokenMetadataIsFoundWithoutKey() throws Exception {
        Path f = edited(encrypted("app.json", PLAIN), "\"lastmodified\": \"[^\"]*\"", "\"lastmodified\": \"yesterday\"");
        MetadataException e = assertThrows(MetadataException.class,
                () -> new SopsFiles(withoutKey).verify(f, Optional.empty()));
        assertEquals("Invalid sops metadata: field 'sops.lastmodified' is not an RFC 3339 time", e.getMessage());
    }

    @Test
    void unparsableFilesNeverPassAndNeverQuoteTheirContent() throws Exception {
        // Stores differ: JSON reports the parse error, YAML finds no sops metadata. Verify fails either way.
        Path json = Files.writeString(dir.resolve("broken.json"), "{\"password\": \"hunter2\"");
        InputException e = assertThrows(InputException.class,
                () -> new SopsFiles(withKey).verify(json, Optional.empty()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        Path yaml = Files.writeString(dir.resolve("broken.yaml"), "password: [hunter2\n");
        assertEquals(Verification.PLAINTEXT, new SopsFiles(withKey).verify(yaml, Optional.empty()));
        for (Path f : List.of(json, yaml)) {
            assertFalse(new SopsFiles(withKey).isEncrypted(f, Optional.empty()));
        }
    }

    @Test
    void missingFileIsAnInputError() {
        Path f = dir.resolve("absent.json");
        InputException e = assertThrows(InputException.class, () -> new SopsFiles(withKey).verify(f, Optional.empty()));
        assertEquals("file " + f + " does not exist", e.getMessage());
        assertFalse(new SopsFiles(withKey).isEncrypted(f, Optional.empty()));
    }
}
