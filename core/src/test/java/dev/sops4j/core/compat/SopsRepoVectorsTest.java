package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.compat.SopsVectors.Vector;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file of ../shared/sops-vectors written by sops (sops-repo, 3.3.1 to 3.13.2) or by the spec's generator
 * (synthetic) decrypts with the functional-test PGP keys through BouncyCastle alone, MAC verified, to the reference
 * decryptor's tree.
 */
class SopsRepoVectorsTest {
    @TempDir
    Path home;

    static Stream<Vector> decryptable() {
        return SopsVectors.decryptable();
    }

    private Sops4j sops() {
        return CompatKeys.pgpPureJava(home);
    }

    static DecryptedFile decrypt(Sops4j sops, String source, Format format, DecryptOptions options) {
        Store store = sops.store(format);
        EncryptedDocument doc = store.parseEncrypted(SharedData.bytes(source));
        return sops.decrypt(doc, options);
    }

    @Test
    void everyFileUnderSopsRepoAndSyntheticIsCatalogued() throws IOException {
        List<String> known = new ArrayList<>(SopsVectors.all().stream().map(Vector::source).toList());
        known.addAll(SopsVectors.PARSE_ONLY);
        known.addAll(SopsVectors.PLAINTEXT);
        Path root = SharedData.root();
        List<String> unknown = new ArrayList<>();
        for (String dir : List.of("sops-vectors/sops-repo", "sops-vectors/synthetic")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                        .filter(p -> !known.contains(p)).forEach(unknown::add);
            }
        }
        assertEquals(List.of(), unknown, "files of sops-vectors this suite does not cover");
        assertEquals(15, SopsVectors.decryptable().count(), "decryptable vectors listed in expected/");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decryptable")
    void decryptsToTheReferenceTreeWithMacVerified(Vector v) {
        assertEquals(v.format(), Format.fromPath(v.source()), "format by extension");
        try (DecryptedFile f = decrypt(sops(), v.source(), v.format(), DecryptOptions.DEFAULTS)) {
            assertEquals(v.expectedTree(), TreeText.of(withoutEmptyIniDefault(v.format(), f.branches())));
            assertEquals(v.dataKeyHex(), HexFormat.of().formatHex(f.dataKey().copy()));
        }
    }

    /**
     * sops' INI store turns every section gopkg.in/ini reports into a mapping, the implicit {@code DEFAULT} one
     * included (spec 5.4), so an empty {@code DEFAULT: {}} is in sops' tree too; the reference decryptor leaves it
     * out. It holds no values, so it changes neither the MAC nor the printed file.
     */
    static List<Mapping> withoutEmptyIniDefault(Format format, List<Mapping> branches) {
        if (format != Format.INI) {
            return branches;
        }
        return branches.stream().map(b -> b.get("DEFAULT").filter(d -> d.equals(Mapping.empty())).isPresent()
                ? b.without("DEFAULT") : b).toList();
    }

    /** The MAC really is checked for every vector: a different lastmodified (the MAC's AAD) is exit 51. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("decryptable")
    void aChangedLastmodifiedFailsTheMacCheck(Vector v) {
        Sops4j sops = sops();
        EncryptedDocument doc = sops.store(v.format()).parseEncrypted(SharedData.bytes(v.source()));
        String lastModified = sops.readMetadata(doc.metadata()).lastModified();
        String other = lastModified.startsWith("2001") ? "2002-01-01T00:00:00Z" : "2001-01-01T00:00:00Z";
        EncryptedDocument tampered = new EncryptedDocument(doc.branches(),
                doc.metadata().with("lastmodified", new dev.sops4j.core.tree.StrValue(other)));
        MacMismatchException e = assertThrows(MacMismatchException.class,
                () -> sops.decrypt(tampered, DecryptOptions.DEFAULTS).close());
        assertEquals(51, e.exitCode().code());
        try (DecryptedFile f = sops.decrypt(tampered, new DecryptOptions(true, DecryptOptions.DEFAULT_ORDER))) {
            assertEquals(v.expectedTree(), TreeText.of(withoutEmptyIniDefault(v.format(), f.branches())));
        }
    }

    static Stream<String> formatFiles() {
        return Stream.of("format.enc.yaml", "format.enc.json", "format.enc.env", "format.enc.ini",
                "format-2.enc.ini");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formatFiles")
    void formatFilesPrintExactlyWhatSopsDecryptPrints(String name) {
        String source = "sops-vectors/sops-repo/functional-tests/res/" + name;
        Format format = Format.fromPath(name);
        String expected = SharedData.text("sops-vectors/expected/" + name + ".sops-decrypt-stdout.txt");
        try (DecryptedFile f = decrypt(sops(), source, format, DecryptOptions.DEFAULTS)) {
            byte[] out = sops().store(format).emitPlain(f.branches());
            assertEquals(expected, new String(out, StandardCharsets.UTF_8));
        }
    }

    @Test
    void noMacFailsWithExit51AndDecryptsOnlyWithIgnoreMac() {
        Vector v = SopsVectors.named("sops-vectors/sops-repo/functional-tests/res/no_mac.yaml");
        assertFalse(v.macVerified());
        MacMismatchException e = assertThrows(MacMismatchException.class,
                () -> decrypt(sops(), v.source(), Format.YAML, DecryptOptions.DEFAULTS).close());
        assertEquals(51, e.exitCode().code());
        assertEquals("MAC mismatch. File has no MAC", e.getMessage());
        try (DecryptedFile f = decrypt(sops(), v.source(), Format.YAML,
                new DecryptOptions(true, DecryptOptions.DEFAULT_ORDER))) {
            assertEquals(v.expectedTree(), TreeText.of(f.branches()));
            assertEquals("[{\"myapp1\": \"t00m4nys3cr3tzupdated\"}]", TreeText.of(f.branches()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sops-vectors/sops-repo/config/test_resources/example.yaml",
            "sops-vectors/sops-repo/stores/ini/test_resources/example.json"})
    void legacyFilesParseAndReportThatNoKeyCouldDecrypt(String source) {
        Format format = Format.fromPath(source);
        EncryptedDocument doc = sops().store(format).parseEncrypted(SharedData.bytes(source));
        assertFalse(doc.branches().isEmpty());
        assertTrue(sops().readMetadata(doc.metadata()).keyGroups().size() >= 1);
        KeyRetrievalException e = assertThrows(KeyRetrievalException.class,
                () -> sops().decrypt(doc, DecryptOptions.DEFAULTS).close());
        assertEquals(128, e.exitCode().code());
        assertTrue(e.getMessage().startsWith("Failed to get the data key required to decrypt the SOPS file."),
                e.getMessage());
        assertTrue(e.getMessage().contains("E5297818703249D0C60E19E6824612478D1A4CCD"), e.getMessage());
        assertTrue(e.getMessage().lines().count() <= 3, "at most three lines");
        assertEquals(e.getMessage().indexOf("E5297818703249D0C60E19E6824612478D1A4CCD"),
                e.getMessage().lastIndexOf("E5297818703249D0C60E19E6824612478D1A4CCD"), "each key named once");
    }

    /** Comment plaintexts and their order as listed in expected/yaml-comments.expected.md. */
    static Stream<List<String>> commentFiles() {
        return Stream.of(
                List.of("sops-vectors/sops-repo/example.yaml", " private key for secret operations in app2",
                        " sops supports unencrypted fields", " by adding the `_unencrypted` suffix", " to any key"),
                List.of("sops-vectors/sops-repo/functional-tests/res/comments.enc.yaml", " first comment in file",
                        " this-is-a-comment"),
                List.of("sops-vectors/sops-repo/functional-tests/res/comments_unencrypted_comments.yaml",
                        " first comment in file", " this-is-a-comment"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commentFiles")
    void commentsDecryptWithTheEnclosingMappingPathAsAad(List<String> fileAndComments) {
        String source = fileAndComments.get(0);
        try (DecryptedFile f = decrypt(sops(), source, Format.YAML, DecryptOptions.DEFAULTS)) {
            assertEquals(fileAndComments.subList(1, fileAndComments.size()), TreeText.comments(f.branches()));
        }
    }
}
