package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.age.AgeKeys;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.text.GoFormat;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decrypt a file written in the 3.13 layout, re-encrypt it unchanged with the same data key (the IV stash makes
 * every value's ciphertext and the MAC's come out the same) at the same lastmodified: the file is byte-identical.
 */
class ByteIdenticalRoundTripTest {
    @TempDir
    Path home;

    /** Re-encrypts with a clock stopped at the file's own lastmodified. */
    static String roundTrip(Sops4j keys, String text, Format format) {
        Store store = keys.store(format);
        EncryptedDocument doc = store.parseEncrypted(text.getBytes(StandardCharsets.UTF_8));
        String lastModified = keys.readMetadata(doc.metadata()).lastModified();
        Instant at = GoFormat.parseTime(lastModified).toInstant();
        Sops4j stopped = Sops4j.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).build();
        try (DecryptedFile f = keys.decrypt(doc, DecryptOptions.DEFAULTS)) {
            EncryptedDocument again = stopped.reencrypt(f);
            return new String(store.emitEncrypted(again.branches(), again.metadata()), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"b.enc.yaml", "d.enc.yaml", "j.after.enc.yaml", "e.enc.json", "f.enc.env"})
    void realSops313AgeFiles(String name) {
        String path = RealSops313Test.DIR + name;
        Sops4j keys = CompatKeys.age(home, SharedData.file(RealSops313Test.DIR + "age-key.txt"));
        String text = SharedData.text(path);
        assertEquals(text, roundTrip(keys, text, Format.fromPath(name)));
    }

    private static final java.util.regex.Pattern INLINE_ENC_COMMENT =
            java.util.regex.Pattern.compile("(?m)^( *)(\\S.*) #(ENC\\[[^\\]]*type:comment\\])$");

    /**
     * What sops does to an encrypted inline comment when it decrypts and re-encrypts a file (j.before to j.after):
     * the decrypted comment is no longer inline, so it is written on its own line before its key.
     */
    static String sopsMovesInlineComments(String text) {
        return INLINE_ENC_COMMENT.matcher(text).replaceAll("$1#$3\n$1$2");
    }

    /** Files with an encrypted inline comment: identical once that comment stands on its own line, as in sops. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a.enc.yaml", "j.before.enc.yaml"})
    void realSops313FilesWithInlineComments(String name) {
        Sops4j keys = CompatKeys.age(home, SharedData.file(RealSops313Test.DIR + "age-key.txt"));
        String text = SharedData.text(RealSops313Test.DIR + name);
        assertEquals(sopsMovesInlineComments(text), roundTrip(keys, text, Format.YAML));
    }

    @Test
    void theInlineCommentRuleReproducesSopsSetOnJ() {
        String before = SharedData.text(RealSops313Test.DIR + "j.before.enc.yaml");
        String after = SharedData.text(RealSops313Test.DIR + "j.after.enc.yaml");
        String moved = sopsMovesInlineComments(before);
        assertEquals(before.lines().count() + 1, moved.lines().count());
        String commentLine = after.lines().filter(l -> l.contains("type:comment") && l.startsWith("    #"))
                .findFirst().orElseThrow();
        assertEquals(true, moved.contains(commentLine + "\n    password: "), moved);
    }

    @Test
    void realSops313ShamirFile() {
        String path = RealSops313Test.DIR + "shamir/i.enc.yaml";
        Sops4j keys = CompatKeys.age(home, SharedData.file(RealSops313Test.DIR + "shamir/age-keys-1and3.txt"));
        String text = SharedData.text(path);
        assertEquals(text, roundTrip(keys, text, Format.YAML));
    }

    /** The functional-test files of sops 3.13.1/3.13.2 (PGP): YAML, JSON, dotenv and the 3.13.2 INI escaping. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"format.enc.yaml", "format.enc.json", "format.enc.env", "format.enc.ini"})
    void sopsFunctionalTestFiles(String name) {
        String text = SharedData.text("sops-vectors/sops-repo/functional-tests/res/" + name);
        assertEquals(text, roundTrip(CompatKeys.pgpPureJava(home), text, Format.fromPath(name)));
    }

    /**
     * format-2.enc.ini was written by 3.13.1 with the armor as a multi-line {@code """} value; sops 3.13.2 (and
     * sops4j) write it back with {@code \n} escapes, so only the metadata escaping differs.
     */
    @Test
    void iniMultiLineLayoutIsRewrittenWithEscapes() {
        String text = SharedData.text("sops-vectors/sops-repo/functional-tests/res/format-2.enc.ini");
        String again = roundTrip(CompatKeys.pgpPureJava(home), text, Format.INI);
        assertEquals(text.substring(0, text.indexOf("[sops]")), again.substring(0, again.indexOf("[sops]")));
        String decrypted = new String(CompatKeys.pgpPureJava(home).store(Format.INI).emitPlain(
                CompatKeys.pgpPureJava(home).decrypt(again.getBytes(StandardCharsets.UTF_8), Format.INI,
                        DecryptOptions.DEFAULTS).branches()), StandardCharsets.UTF_8);
        assertEquals("[foo]\nbar = baz\n", decrypted);
        assertEquals(-1, again.indexOf("\"\"\""), again);
    }

    /** No 3.13 binary vector exists: encrypt one with sops4j (age), then the same round trip must be exact. */
    @Test
    void binaryStoreFileMadeBySops4j() throws Exception {
        AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity();
        Path keyFile = Files.writeString(home.resolve("keys.txt"), id.fileText());
        Sops4j keys = CompatKeys.age(home, keyFile,
                Clock.fixed(Instant.parse("2026-11-22T21:00:00Z"), ZoneOffset.UTC));
        byte[] plain = "line one\n\u00e9t\u00e9 = \"#:\\n\"\n\u0000binary\u0001\n".getBytes(StandardCharsets.UTF_8);
        EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of(id.recipient())))), 0,
                Optional.empty(), false);
        String text = new String(keys.encrypt(plain, Format.BINARY, spec), StandardCharsets.UTF_8);
        assertEquals(text, roundTrip(keys, text, Format.BINARY));
        try (DecryptedFile f = keys.decrypt(text.getBytes(StandardCharsets.UTF_8), Format.BINARY,
                DecryptOptions.DEFAULTS)) {
            assertEquals(new String(plain, StandardCharsets.UTF_8),
                    new String(keys.store(Format.BINARY).emitPlain(f.branches()), StandardCharsets.UTF_8));
        }
    }

    /** And an unchanged file stays unchanged for every store when sops4j wrote it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "json", "dotenv", "ini"})
    void filesMadeBySops4j(String formatName) throws Exception {
        Format format = Format.fromCliName(formatName);
        AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity();
        Path keyFile = Files.writeString(home.resolve("keys.txt"), id.fileText());
        Sops4j keys = CompatKeys.age(home, keyFile,
                Clock.fixed(Instant.parse("2026-11-22T21:00:00Z"), ZoneOffset.UTC));
        Map<Format, String> samples = Map.of(
                Format.YAML, "# c\na: 1\nb:\n    - x\n    - 2.5\nc_unencrypted: clear\nd: true\n",
                Format.JSON, "{\n\t\"a\": 1,\n\t\"b\": [\"x\", 2.5],\n\t\"c\": {\"d\": null}\n}\n",
                Format.DOTENV, "# c\nA=1\nB=x=y\nC_unencrypted=clear\n",
                Format.INI, "[s]\na = 1\nb = x\n; note\n[t]\nc_unencrypted = clear\n");
        EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of(id.recipient())))), 0,
                Optional.empty(), false);
        String text = new String(keys.encrypt(samples.get(format).getBytes(StandardCharsets.UTF_8), format, spec),
                StandardCharsets.UTF_8);
        assertEquals(text, roundTrip(keys, text, format));
    }
}
