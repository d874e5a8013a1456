package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.metadata.MetadataCodec;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Shamir file written by real sops 3.13.2: three age groups, threshold 2. */
class ShamirVectorTest {
    private static final String DIR = "sops-vectors/real-sops-3.13.2/shamir/";

    private static EncryptedDocument document() {
        Mapping all = SnakeTrees.load(SharedData.text(DIR + "i.enc.yaml"));
        return new EncryptedDocument(List.of(all.without("sops")), (Mapping) all.get("sops").orElseThrow());
    }

    private static <R extends dev.sops4j.core.keys.KeyRef> Sops4j with(KeySource<R> source) {
        return Sops4j.builder().keySource(source).build();
    }

    @Test
    void twoOfThreeGroupsRecoverTheDataKeyAndTheMacVerifies() {
        Sops4j sops = with(TestKeySources.ageCli(SharedData.file(DIR + "age-keys-1and3.txt")));
        try (DecryptedFile f = sops.decrypt(document(), DecryptOptions.DEFAULTS)) {
            assertEquals(SnakeTrees.load(SharedData.text(DIR + "i.plain.yaml")), f.branches().get(0));
            assertEquals(2, f.metadata().shamirThreshold());
        }
    }

    @Test
    void sharesCarryTheirOneBasedGroupIndexAsLastByte() {
        KeySource<dev.sops4j.core.keys.AgeKeyRef> age =
                TestKeySources.ageCli(SharedData.file(DIR + "age-keys-all.txt"));
        Metadata md = MetadataCodec.read(document().metadata());
        List<KeyGroup> groups = md.keyGroups();
        assertEquals(3, groups.size());
        for (int i = 0; i < groups.size(); i++) {
            try (SecretBytes share = age.unwrap((dev.sops4j.core.keys.AgeKeyRef) groups.get(i).keys().get(0))) {
                byte[] b = share.copy();
                assertEquals(33, b.length);
                assertEquals(i + 1, b[32]);
            }
        }
    }

    @Test
    void oneGroupAloneIsExit128NamingEveryFailedKey() {
        Sops4j sops = with(TestKeySources.ageCli(SharedData.file(DIR + "age-key-2.txt")));
        KeyRetrievalException e = assertThrows(KeyRetrievalException.class,
                () -> sops.decrypt(document(), DecryptOptions.DEFAULTS));
        assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        String m = e.getMessage();
        List<String> lines = m.lines().toList();
        assertEquals(3, lines.size(), m);
        assertTrue(lines.get(0).startsWith("Failed to get the data key required to decrypt the SOPS file. Age -d failed: "),
                m);
        assertEquals("Group 0: FAILED (age age16g8qrju848ax762gqluww3ss70ahh0ljjq2e35ynf5wtzsfnja0sx6ekrx). Group 1:"
                + " SUCCESS. Group 2: FAILED (age age12ag7z7lghy47ey7scua0d4lrhf52eknma9swq7k30ctu4eqna9vq4tzh83)",
                lines.get(1));
        assertEquals("Recovery failed because the file was encrypted with a Shamir threshold of 2, but only 1 part(s)"
                + " were successfully recovered", lines.get(2));
        assertEquals(2, e.getSuppressed().length);
    }
}
