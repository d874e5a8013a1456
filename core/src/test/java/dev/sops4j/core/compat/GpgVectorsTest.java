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
