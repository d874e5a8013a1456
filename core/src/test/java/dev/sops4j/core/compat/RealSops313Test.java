package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.store.Format;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Files written by real sops 3.13.2 (age) decrypt to the exact bytes sops decrypt printed for them. */
class RealSops313Test {
    static final String DIR = "sops-vectors/real-sops-3.13.2/";

    @TempDir
    Path home;

    private Sops4j sops() {
        return CompatKeys.age(home, SharedData.file(DIR + "age-key.txt"));
    }

    static String decryptToText(Sops4j sops, String encrypted) {
        Format format = Format.fromPath(encrypted);
        try (DecryptedFile f = sops.decrypt(SharedData.bytes(encrypted), format, DecryptOptions.DEFAULTS)) {
            return new String(sops.store(format).emitPlain(f.branches()), StandardCharsets.UTF_8);
        }
    }

    /**
     * Includes a.enc.yaml and j.before.enc.yaml: sops writes an inline comment ({@code k: v # c}) inline when it
     * encrypts, but prints a decrypted one on its own line before the key; clear comments (b.enc.yaml) stay inline.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"a.enc.yaml, a.dec.yaml", "b.enc.yaml, b.dec.yaml", "d.enc.yaml, d.dec.yaml",
            "e.enc.json, e.dec.json", "f.enc.env, f.dec.env", "j.before.enc.yaml, j.before.dec.yaml",
            "j.after.enc.yaml, j.after.dec.yaml"})
    void decryptsToSopsOutputBytes(String encrypted, String decrypted) {
        assertEquals(SharedData.text(DIR + decrypted), decryptToText(sops(), DIR + encrypted));
    }

    /**
     * Vector l: sops 3.13.2 wrote comments inside a list as list elements of type comment. Read as the fixed sops
     * reads them: back to comments, left out of the MAC (as 3.13.2's encryption left them out), so the MAC
     * verifies and the output is what sops 3.13.2 prints with --ignore-mac.
     */
    @Test
    void listCommentsWrittenBy3132DecryptWithTheirMacVerified() {
        assertEquals(SharedData.text(DIR + "list-comments/l.dec-ignore-mac.yaml"),
                decryptToText(sops(), DIR + "list-comments/l.enc.yaml"));
    }

    @Test
    void everyEncryptedFileOfTheFolderIsCovered() throws Exception {
        List<String> covered = List.of("a.enc.yaml", "b.enc.yaml", "d.enc.yaml", "e.enc.json", "f.enc.env",
                "j.before.enc.yaml", "j.after.enc.yaml");
        List<String> missing = new ArrayList<>();
        try (var s = java.nio.file.Files.list(SharedData.file(DIR))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".enc."))
                    .filter(n -> !covered.contains(n)).forEach(missing::add);
        }
        assertEquals(List.of(), missing);
    }

    private Sops4j shamirKeys(String... keyFiles) {
        StringBuilder keys = new StringBuilder();
        for (String k : keyFiles) {
            keys.append(SharedData.text(DIR + "shamir/" + k));
        }
        return CompatKeys.local(home, Map.of("SOPS_AGE_KEY", keys.toString()), Clock.systemUTC());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"age-key-1.txt age-key-3.txt", "age-key-1.txt age-key-2.txt",
            "age-key-2.txt age-key-3.txt", "age-key-1.txt age-key-2.txt age-key-3.txt"})
    void shamirFileDecryptsWithAnyTwoGroups(String keyFiles) {
        assertEquals(SharedData.text(DIR + "shamir/i.dec-1and3.yaml"),
                decryptToText(shamirKeys(keyFiles.split(" ")), DIR + "shamir/i.enc.yaml"));
    }

    @Test
    void shamirFileDecryptsWithTheKeyFileSopsUsed() {
        Sops4j sops = CompatKeys.age(home, SharedData.file(DIR + "shamir/age-keys-1and3.txt"));
        assertEquals(SharedData.text(DIR + "shamir/i.dec-1and3.yaml"), decryptToText(sops, DIR + "shamir/i.enc.yaml"));
    }

    /**
     * Key 2 alone: exit 128 and the facts sops' stderr states (which groups failed, for which recipients, the
     * threshold), on one line instead of sops' indented block.
     */
    @Test
    void shamirFileWithOneGroupsKeyFailsLikeSops() {
        String stderr = SharedData.text(DIR + "shamir/i.dec-only2.stderr.txt");
        KeyRetrievalException e = assertThrows(KeyRetrievalException.class,
                () -> decryptToText(shamirKeys("age-key-2.txt"), DIR + "shamir/i.enc.yaml"));
        assertEquals(128, e.exitCode().code());
        String msg = e.getMessage();
        assertTrue(msg.lines().count() <= 3, msg);
        assertTrue(msg.startsWith(stderr.lines().findFirst().orElseThrow()), msg);
        for (String group : List.of("Group 0: FAILED", "Group 1: SUCCESS", "Group 2: FAILED")) {
            assertTrue(stderr.contains(group) && msg.contains(group), group + " in: " + msg);
        }
        Matcher failedRecipient = Pattern.compile("(age1[0-9a-z]+): FAILED").matcher(stderr);
        int recipients = 0;
        while (failedRecipient.find()) {
            String r = failedRecipient.group(1);
            assertTrue(msg.contains(r), r + " in: " + msg);
            assertEquals(msg.indexOf(r), msg.lastIndexOf(r), "named once: " + r);
            recipients++;
        }
        assertEquals(2, recipients);
        String recovery = "Recovery failed because the file was encrypted with a Shamir threshold of 2, but only 1"
                + " part(s) were successfully recovered";
        assertTrue(stderr.replaceAll("\\s+", " ").contains(recovery));
        assertTrue(msg.contains(recovery), msg);
    }
}
