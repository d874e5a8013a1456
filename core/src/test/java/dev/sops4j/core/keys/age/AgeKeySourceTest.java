package dev.sops4j.core.keys.age;

import static dev.sops4j.core.keys.age.AgeTestSupport.source;
import static dev.sops4j.core.keys.age.AgeTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The KeySource contract for age: wrap then unwrap, and exact failure messages. */
class AgeKeySourceTest {
    // Fixed identities generated for these tests only.
    private static final AgeKeys.GeneratedIdentity ALICE = AgeKeys.generateIdentity();
    private static final AgeKeys.GeneratedIdentity BOB = AgeKeys.generateIdentity();

    @TempDir
    Path dir;

    private static byte[] secret(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 33})
    void wrapThenUnwrapRoundTrips(int length) {
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY", ALICE.identity()));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(length)));
        assertEquals(ALICE.recipient(), wrapped.recipient());
        assertTrue(wrapped.enc().startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n"), wrapped.enc());
        assertTrue(wrapped.enc().endsWith("\n-----END AGE ENCRYPTED FILE-----\n"), wrapped.enc());
        try (SecretBytes out = source.unwrap(wrapped)) {
            assertArrayEquals(secret(length), out.copy());
        }
    }

    @Test
    void unwrapWithWrongIdentityFailsWithExactMessage() {
        AgeKeyRef wrapped = source(dir, Map.of()).wrap(AgeKeyRef.of(ALICE.recipient()),
                SecretBytes.copyOf(secret(32)));
        Path keys = write(dir.resolve("work/keys.txt"), BOB.fileText() + AgeKeys.generateIdentity().identity() + "\n");
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY_FILE", "keys.txt"));
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(wrapped));
        assertEquals("no age identity matches recipient " + ALICE.recipient()
                + ": tried 2 identities from SOPS_AGE_KEY_FILE", e.getMessage());
        assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertTrue(keys.toFile().exists());
    }

    @Test
    void noIdentityAnywhereListsWhereItLooked() {
        AgeKeyRef wrapped = source(dir, Map.of()).wrap(AgeKeyRef.of(ALICE.recipient()),
                SecretBytes.copyOf(secret(32)));
        Path home = dir.resolve("home");
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source(dir, Map.of("SOPS_AGE_KEY_FILE", "missing.txt")).unwrap(wrapped));
        // the unreadable key file first: it is the likeliest cause
        assertEquals("failed to open SOPS_AGE_KEY_FILE file missing.txt: no such file or directory; no age identity"
                + " available for recipient " + ALICE.recipient() + ": none found in SOPS_AGE_KEY, "
                + "SOPS_AGE_KEY_CMD, " + home.resolve(".config/sops/age/keys.txt") + ", SOPS_AGE_SSH_PRIVATE_KEY_FILE, "
                + home.resolve(".ssh/id_ed25519") + ", " + home.resolve(".ssh/id_rsa"), e.getMessage());
        assertEquals(KeySourceException.Kind.KEY_FILE_UNREADABLE, e.kind());
    }

    @Test
    void sopsAgeKeyAcceptsSeveralKeysCommentsAndBlankLines() {
        String keys = "# mine\n" + BOB.identity() + "  " + ALICE.identity() + "\n\n# end\n";
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY", keys));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        try (SecretBytes out = source.unwrap(wrapped)) {
            assertArrayEquals(secret(32), out.copy());
        }
    }

    @Test
    void badLineIsReportedWithoutEchoingItAndGoodKeysStillWork() {
        String bogus = "AGE-SECRET-KEY-1NOTAREALKEY";
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY", bogus + "\n" + BOB.identity()));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(wrapped));
        assertEquals("no age identity matches recipient " + ALICE.recipient() + ": tried 1 identity from SOPS_AGE_KEY"
                + "; failed to parse SOPS_AGE_KEY: malformed X25519 identity on line 1", e.getMessage());
        assertTrue(!e.getMessage().contains(bogus) && !e.getMessage().contains(BOB.identity()));
    }

    @Test
    void keyCommandOutputIsParsed() {
        write(dir.resolve("work/k.txt"), ALICE.fileText());
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY_CMD", "cat k.txt"));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        try (SecretBytes out = source.unwrap(wrapped)) {
            assertArrayEquals(secret(32), out.copy());
        }
    }

    @Test
    void failingKeyCommandIsReported() {
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY_CMD", "sh -c 'exit 3'", "SOPS_AGE_KEY",
                BOB.identity(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(wrapped));
        assertEquals("no age identity matches recipient " + ALICE.recipient() + ": tried 1 identity from SOPS_AGE_KEY"
                + "; failed to execute command sh -c 'exit 3': exit status 3", e.getMessage());
    }

    /** sops runs the command without a shell (issue: a ';' must not start a second command). */
    @Test
    void keyCommandRunsWithoutAShell() {
        write(dir.resolve("work/k.txt"), ALICE.fileText());
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY_CMD", "cat k.txt; touch PWN", "SOPS_AGE_KEY",
                BOB.identity(), "PATH", path));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(wrapped));
        assertEquals("no age identity matches recipient " + ALICE.recipient() + ": tried 1 identity from SOPS_AGE_KEY"
                + "; failed to execute command cat k.txt; touch PWN: exit status 1", e.getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("work/PWN")));
        AgeKeySource missing = source(dir, Map.of("SOPS_AGE_KEY_CMD", "no-such-sops4j-cmd 'k.txt", "SOPS_AGE_KEY",
                BOB.identity(), "PATH", path));
        KeySourceException m = assertThrows(KeySourceException.class, () -> missing.unwrap(wrapped));
        assertTrue(m.getMessage().endsWith("; failed to parse command no-such-sops4j-cmd 'k.txt: EOF found when"
                + " expecting closing quote"), m.getMessage());
        AgeKeySource absent = source(dir, Map.of("SOPS_AGE_KEY_CMD", "no-such-sops4j-cmd k.txt", "SOPS_AGE_KEY",
                BOB.identity(), "PATH", path));
        KeySourceException a = assertThrows(KeySourceException.class, () -> absent.unwrap(wrapped));
        assertTrue(a.getMessage().endsWith("; failed to execute command no-such-sops4j-cmd k.txt: exec: "
                + "\"no-such-sops4j-cmd\": executable file not found in $PATH"), a.getMessage());
    }

    @Test
    void defaultKeysFileUnderXdgConfigHome() {
        write(dir.resolve("xdg/sops/age/keys.txt"), ALICE.fileText());
        AgeKeySource source = source(dir, Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        try (SecretBytes out = source.unwrap(wrapped)) {
            assertArrayEquals(secret(32), out.copy());
        }
    }

    @Test
    void defaultKeysFileUnderHomeConfig() {
        write(dir.resolve("home/.config/sops/age/keys.txt"), ALICE.fileText());
        AgeKeySource source = source(dir, Map.of());
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        try (SecretBytes out = source.unwrap(wrapped)) {
            assertArrayEquals(secret(32), out.copy());
        }
    }

    @Test
    void identitiesAreLoadedOncePerSource() {
        Path keys = write(dir.resolve("work/keys.txt"), ALICE.fileText());
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY_FILE", keys.toString()));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        source.unwrap(wrapped).close();
        write(keys, BOB.fileText());
        try (SecretBytes out = source.unwrap(wrapped)) {
            assertArrayEquals(secret(32), out.copy());
        }
    }

    @Test
    void invalidRecipientOnWrapIsNamed() {
        AgeKeySource source = source(dir, Map.of());
        String r = ALICE.recipient();
        // Change the last checksum character (to one it is not already) so Bech32 must reject it.
        String bad = r.substring(0, r.length() - 1) + (r.endsWith("x") ? "y" : "x");
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.wrap(AgeKeyRef.of(bad), SecretBytes.copyOf(secret(32))));
        assertEquals("failed to parse age recipient " + bad + ": not a valid Bech32-encoded age public key",
                e.getMessage());
        KeySourceException unknown = assertThrows(KeySourceException.class,
                () -> source.wrap(AgeKeyRef.of("pgp:ABCDEF"), SecretBytes.copyOf(secret(32))));
        assertEquals("failed to parse age recipient pgp:ABCDEF: unknown recipient type", unknown.getMessage());
    }

    @Test
    void malformedPostQuantumRecipientIsNamedShortened() {
        AgeKeySource source = source(dir, Map.of());
        String pq = "age1pq1" + "q".repeat(1950);
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.wrap(AgeKeyRef.of(pq), SecretBytes.copyOf(secret(32))));
        assertEquals("failed to parse age recipient " + pq.substring(0, 72) + "...: not a valid Bech32-encoded post-quantum"
                + " age public key (invalid checksum)", e.getMessage());
        KeySourceException plugin = assertThrows(KeySourceException.class,
                () -> source.wrap(AgeKeyRef.of("age1yubikey1qqqq"), SecretBytes.copyOf(secret(32))));
        assertEquals("failed to encrypt data key with age for recipient age1yubikey1qqqq: age plugin yubikey: age"
                + " plugin binary age-plugin-yubikey not found in PATH",
                plugin.getMessage());
    }

    @Test
    void corruptPayloadIsReportedAsDecryptFailure() {
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY", ALICE.identity()));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        String enc = wrapped.enc();
        // The last base64 line holds payload bytes only: the header (and so the key match) stays intact.
        int at = enc.lastIndexOf("\n-----END") - 6;
        String corrupt = enc.substring(0, at) + (enc.charAt(at) == 'A' ? 'B' : 'A') + enc.substring(at + 1);
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.unwrap(wrapped.withEnc(corrupt)));
        assertEquals("failed to decrypt age data key for recipient " + ALICE.recipient() + ": payload authentication failed (enc is corrupt or truncated)",
                e.getMessage());
        String badHeader = enc.replace("-----BEGIN AGE ENCRYPTED FILE-----\n", "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl");
        KeySourceException header = assertThrows(KeySourceException.class,
                () -> source.unwrap(wrapped.withEnc(badHeader)));
        assertEquals("failed to decrypt age data key for recipient " + ALICE.recipient()
                + ": malformed armor: Maximum line length [64] exceeded", header.getMessage());
        KeySourceException empty = assertThrows(KeySourceException.class,
                () -> source.unwrap(AgeKeyRef.of(ALICE.recipient())));
        assertEquals("age key for recipient " + ALICE.recipient() + " has no encrypted data key", empty.getMessage());
    }

    @Test
    void armorWithSurroundingWhitespaceAndCrlfIsAccepted() {
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY", ALICE.identity()));
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        String messy = "\n  " + wrapped.enc().replace("\n", "\r\n") + "  \n";
        try (SecretBytes out = source.unwrap(wrapped.withEnc(messy))) {
            assertArrayEquals(secret(32), out.copy());
        }
    }

    @Test
    void environmentVariablesOutsideTheEnvironmentRecordAreIgnored() {
        Map<String, String> vars = new HashMap<>();
        vars.put("SOPS_AGE_KEY", "");
        AgeKeySource source = source(dir, vars);
        AgeKeyRef wrapped = source.wrap(AgeKeyRef.of(ALICE.recipient()), SecretBytes.copyOf(secret(32)));
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(wrapped));
        assertTrue(e.getMessage().startsWith("no age identity available for recipient " + ALICE.recipient()
                + ": none found in SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, "), e.getMessage());
    }
}
