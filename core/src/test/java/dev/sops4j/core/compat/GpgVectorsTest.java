package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.compat.SopsVectors.Vector;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.store.Format;
import dev.sops4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same vectors through the real gpg binary (keys imported into a throw-away GNUPGHOME, so the gpg-agent path
 * of sops is exercised), and each functional-test key on its own where a file names both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpgVectorsTest {
    @TempDir
    Path home;

    private GpgHome gpg;

    @BeforeAll
    void importKeys() throws Exception {
        gpg = GpgHome.withKeys(Path.of("/tmp"), SharedData.file(CompatKeys.PGP_SECRET_KEYS));
    }

    @AfterAll
    void stopAgent() throws Exception {
        if (gpg != null) {
            gpg.close();
        }
    }

    Stream<Vector> decryptable() {
        return SopsVectors.decryptable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decryptable")
    void decryptsWithGpg(Vector v) {
        Sops4j sops = CompatKeys.pgpWithGpg(home, gpg.dir());
        try (DecryptedFile f = SopsRepoVectorsTest.decrypt(sops, v.source(), v.format(), DecryptOptions.DEFAULTS)) {
            assertEquals(v.expectedTree(),
                    TreeText.of(SopsRepoVectorsTest.withoutEmptyIniDefault(v.format(), f.branches())));
        }
    }

    /** Files wrapped for both keys decrypt with either secret key alone (pure Java, one key exported per file). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("decryptable")
    void eachFunctionalTestKeyAloneDecryptsFilesWrappedForIt(Vector v) throws Exception {
        if (v.source().contains("shamir")) {
            return; // one key per group there: see shamirFileNeedsBothKeys
        }
        boolean both = v.expectedJson().contains("\"pgp:" + CompatKeys.FP_KEY_2 + "\"")
                || SharedData.text(v.source()).contains(CompatKeys.FP_KEY_2);
        String[] fps = both ? new String[] {CompatKeys.FP_KEY_1, CompatKeys.FP_KEY_2}
                : new String[] {CompatKeys.FP_KEY_1};
        for (String fp : fps) {
            Path only = gpg.exportSecretKey(fp, home.resolve(fp + ".asc"));
            Sops4j sops = CompatKeys.pgpPureJava(home, only);
            try (DecryptedFile f = SopsRepoVectorsTest.decrypt(sops, v.source(), v.format(),
                    DecryptOptions.DEFAULTS)) {
                assertEquals(v.expectedTree(),
                        TreeText.of(SopsRepoVectorsTest.withoutEmptyIniDefault(v.format(), f.branches())), fp);
            }
        }
    }

    /**
     * sops4j wraps for the functional-test key 1 (its public key found in the gpg-made keybox): the file has the
     * layout of sops' format.enc.yaml, decrypts through gpg and through BouncyCastle, and {@code gpg -d} of the
     * {@code enc} armor yields the data key itself.
     */
    @Test
    void filesSops4jWrapsForPgpOpenWithGpgAndHaveSopsLayout() throws Exception {
        Sops4j gpgKeys = CompatKeys.pgpWithGpg(home, gpg.dir());
        byte[] file = gpgKeys.encrypt("foo: bar\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), Format.YAML,
                new dev.sops4j.core.engine.EncryptionSpec(List.of(new dev.sops4j.core.keys.KeyGroup(List.of(
                        new dev.sops4j.core.keys.PgpKeyRef(CompatKeys.FP_KEY_1, "", "")))), 0,
                        java.util.Optional.empty(), false));
        String ours = new String(file, java.nio.charset.StandardCharsets.UTF_8);
        String sops = SharedData.text("sops-vectors/sops-repo/functional-tests/res/format.enc.yaml");
        assertEquals(maskPgpFile(sops), maskPgpFile(ours));
        assertTrue(maskPgpFile(ours).startsWith("foo: ENC[AES256_GCM,data:4chars,type:str]\nsops:\n"), ours);
        assertTrue(maskPgpFile(ours).contains("          enc: |-\n            -----BEGIN PGP MESSAGE-----\n"
                + "            -----END PGP MESSAGE-----\n          fp: " + CompatKeys.FP_KEY_1 + "\n"), ours);

        for (Sops4j keys : List.of(gpgKeys, CompatKeys.pgpPureJava(home))) {
            try (DecryptedFile f = keys.decrypt(file, Format.YAML, DecryptOptions.DEFAULTS)) {
                assertEquals("[{\"foo\": \"bar\"}]", TreeText.of(f.branches()));
                String armor = ((dev.sops4j.core.keys.PgpKeyRef) f.metadata().keyGroups().get(0).keys().get(0)).enc();
                Path msg = java.nio.file.Files.writeString(home.resolve("enc.asc"), armor);
                Path out = home.resolve("key.bin");
                gpg.run("--batch", "--yes", "--output", out.toString(), "--decrypt", msg.toString());
                assertEquals(java.util.HexFormat.of().formatHex(f.dataKey().copy()),
                        java.util.HexFormat.of().formatHex(java.nio.file.Files.readAllBytes(out)));
            }
        }
    }

    /** Armor bodies, timestamps, version and ciphertexts (lengths kept) masked. */
    static String maskPgpFile(String text) {
        String t = text.replaceAll("(?m)^ +[A-Za-z0-9+/=]+\\n(?=(( +[A-Za-z0-9+/=]+| *)\\n)* +-----END PGP MESSAGE)", "")
                .replaceAll("(?m)^ *\\n(?= +-----END PGP MESSAGE)", "")
                .replaceAll("(created_at|lastmodified): \"[^\"]*\"", "$1: T")
                .replaceAll("version: [0-9.]+", "version: V");
        return java.util.regex.Pattern.compile("data:([A-Za-z0-9+/=]*),iv:[^,]*,tag:[^,]*,").matcher(t)
                .replaceAll(m -> "data:" + m.group(1).length() + "chars,");
    }

    @Test
    void shamirFileNeedsBothKeys() throws Exception {
        String source = "sops-vectors/synthetic/shamir-2of2.pgp.SYNTHETIC.yaml";
        for (String fp : new String[] {CompatKeys.FP_KEY_1, CompatKeys.FP_KEY_2}) {
            Sops4j sops = CompatKeys.pgpPureJava(home, gpg.exportSecretKey(fp, home.resolve(fp + ".asc")));
            KeyRetrievalException e = assertThrows(KeyRetrievalException.class,
                    () -> SopsRepoVectorsTest.decrypt(sops, source, Format.YAML, DecryptOptions.DEFAULTS).close());
            assertEquals(128, e.exitCode().code());
            assertTrue(e.getMessage().contains("Shamir threshold of 2, but only 1 part(s) were successfully"
                    + " recovered"), e.getMessage());
        }
    }

    @Test
    void aFileForKey1AloneFailsWithKey2AloneAndSaysWhichKeyWasTried() throws Exception {
        Path only2 = gpg.exportSecretKey(CompatKeys.FP_KEY_2, home.resolve("key2.asc"));
        Sops4j sops = CompatKeys.pgpPureJava(home, only2);
        KeyRetrievalException e = assertThrows(KeyRetrievalException.class,
                () -> SopsRepoVectorsTest.decrypt(sops, "sops-vectors/sops-repo/functional-tests/res/format.enc.yaml",
                        Format.YAML, DecryptOptions.DEFAULTS).close());
        assertEquals(128, e.exitCode().code());
        assertTrue(e.getMessage().contains(CompatKeys.FP_KEY_1), e.getMessage());
    }
}
