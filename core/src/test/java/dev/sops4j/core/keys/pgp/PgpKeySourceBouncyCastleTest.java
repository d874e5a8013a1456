package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java paths, with {@code SOPS_GPG_EXEC} pointing nowhere so that gpg cannot be what succeeded. */
class PgpKeySourceBouncyCastleTest {
    static final String NO_GPG = "/nonexistent/sops4j-test/gpg";
    static final String FLUX_FP = "B59DAF469E8C948138901A649732075EA221A7EA";
    private static final String GPG_MISSING =
            "gpg binary \"" + NO_GPG + "\" not found (install GnuPG or set SOPS_GPG_EXEC)";

    @TempDir
    Path tmp;

    @Test
    void unwrapsRealSopsFileWithSecretKeyFileAndNoGpg() {
        Path keyFile = SharedData.file(GnupgFixture.FUNCTIONAL_KEY);
        PgpKeySource source = new PgpKeySource(env(tmp, PgpKeySource.SECRET_KEY_FILE_VARIABLE, keyFile.toString()));
        PgpKeyRef ref = new PgpKeyRef(GnupgFixture.FP1, "2026-05-22T20:16:20Z", SopsVectors.formatYamlEnc());
        try (SecretBytes key = source.unwrap(ref)) {
            assertArrayEquals(SopsVectors.formatYamlDataKey(), key.copy());
        }
    }

    @Test
    void legacyRingsWrapAndUnwrapWithoutGpg() throws IOException {
        Path home = legacyHome();
        PgpKeySource source = new PgpKeySource(env(home));
        for (int size : new int[] {32, 33}) {
            byte[] secret = new byte[size];
            for (int i = 0; i < size; i++) {
                secret[i] = (byte) (i * 7 + size);
            }
            PgpKeyRef wrapped = source.wrap(new PgpKeyRef(FLUX_FP, "", ""), SecretBytes.copyOf(secret));
            assertEquals(FLUX_FP, wrapped.fingerprint());
            try (SecretBytes back = source.unwrap(wrapped)) {
                assertArrayEquals(secret, back.copy(), "size " + size);
            }
        }
    }

    @Test
    void fingerprintMatchIgnoresSpacesAndCaseAndAcceptsLongKeyId() throws IOException {
        PgpKeySource source = new PgpKeySource(env(legacyHome()));
        PgpKeyRef spaced = source.wrap(new PgpKeyRef("b59d af46 9e8c 9481 3890 1a64 9732 075e a221 a7ea", "", ""),
                SecretBytes.copyOf(new byte[32]));
        assertEquals("b59daf469e8c948138901a649732075ea221a7ea", spaced.fingerprint(), "spaces stripped, case kept");
        PgpKeyRef longId = source.wrap(new PgpKeyRef("9732075EA221A7EA", "", ""), SecretBytes.copyOf(new byte[32]));
        try (SecretBytes a = source.unwrap(spaced); SecretBytes b = source.unwrap(longId)) {
            assertArrayEquals(new byte[32], a.copy());
            assertArrayEquals(new byte[32], b.copy());
        }
    }

    @Test
    void createdAtIsKeptOrSetToNow() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
        PgpKeySource source = new PgpKeySource(env(legacyHome()), clock);
        assertEquals("2026-01-02T03:04:05Z",
                source.wrap(new PgpKeyRef(FLUX_FP, "", ""), SecretBytes.copyOf(new byte[32])).createdAt());
        assertEquals("2020-02-02T02:02:02Z", source.wrap(new PgpKeyRef(FLUX_FP, "2020-02-02T02:02:02Z", ""),
                SecretBytes.copyOf(new byte[32])).createdAt());
    }

    @Test
    void unknownFingerprintWithoutGpgSaysBoth() {
        String fp = "0000000000000000000000000000000000000002";
        PgpKeySource source = new PgpKeySource(env(tmp));
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.wrap(new PgpKeyRef(fp, "", ""), SecretBytes.copyOf(new byte[32])));
        assertEquals("could not encrypt data key with PGP key " + fp + ": public key not found in " + tmp + "; "
                + GPG_MISSING, e.getMessage());
        assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
    }

    @Test
    void unwrapWithoutKeysOrGpgSaysBoth() {
        PgpKeySource source = new PgpKeySource(env(tmp));
        PgpKeyRef ref = new PgpKeyRef(GnupgFixture.FP1, "", SopsVectors.formatYamlEnc());
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(ref));
        assertEquals("could not decrypt data key with PGP key " + GnupgFixture.FP1
                + ": no secret keys readable without gpg; " + GPG_MISSING, e.getMessage());
    }

    @Test
    void unwrapWithOtherKeysSaysNoneFits() throws IOException {
        PgpKeySource source = new PgpKeySource(env(legacyHome()));
        PgpKeyRef ref = new PgpKeyRef(GnupgFixture.FP1, "", SopsVectors.formatYamlEnc());
        KeySourceException e = assertThrows(KeySourceException.class, () -> source.unwrap(ref));
        assertEquals("could not decrypt data key with PGP key " + GnupgFixture.FP1
                + ": none of the secret keys readable without gpg fits the message; " + GPG_MISSING,
                e.getMessage());
    }

    @Test
    void emptyAndMalformedEncAreRejected() {
        PgpKeySource source = new PgpKeySource(env(tmp));
        KeySourceException empty = assertThrows(KeySourceException.class,
                () -> source.unwrap(new PgpKeyRef("AB CD", "", "")));
        assertEquals("could not decrypt data key with PGP key ABCD: no encrypted data key", empty.getMessage());
        KeySourceException bad = assertThrows(KeySourceException.class,
                () -> source.unwrap(new PgpKeyRef("ABCD", "", "not armor")));
        assertEquals("could not decrypt data key with PGP key ABCD: malformed armored PGP message: "
                + "no armored PGP block found; " + GPG_MISSING, bad.getMessage());
    }

    @Test
    void missingSecretKeyFileIsNamed() {
        Path missing = tmp.resolve("nope.asc");
        PgpKeySource source = new PgpKeySource(env(tmp, PgpKeySource.SECRET_KEY_FILE_VARIABLE, missing.toString()));
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.unwrap(new PgpKeyRef(GnupgFixture.FP1, "", SopsVectors.formatYamlEnc())));
        assertEquals("could not decrypt data key with PGP key " + GnupgFixture.FP1 + ": cannot read keys: secret key "
                + "file " + missing + " does not exist; " + GPG_MISSING, e.getMessage());
    }

    @Test
    void errorsNeverContainTheSecret() {
        byte[] secret = "TOP-SECRET-DATA-KEY-0123456789ab".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        PgpKeySource source = new PgpKeySource(env(tmp));
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.wrap(new PgpKeyRef("FFFF", "", ""), SecretBytes.copyOf(secret)));
        assertTrue(!e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }

    /** A GNUPGHOME holding sops' legacy unit-test rings (pubring.gpg + secring.gpg, key B59DAF46…). */
    Path legacyHome() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("legacy"));
        for (String ring : new String[] {"pubring.gpg", "secring.gpg"}) {
            Files.copy(SharedData.file("sops-vectors/keys/pgp/unit-testdata/ring/" + ring), home.resolve(ring));
        }
        return home;
    }

    static Environment env(Path gnupgHome, String... extra) {
        Map<String, String> vars = new java.util.HashMap<>();
        vars.put("GNUPGHOME", gnupgHome.toString());
        vars.put(GpgCommand.EXEC_VARIABLE, NO_GPG);
        for (int i = 0; i < extra.length; i += 2) {
            vars.put(extra[i], extra[i + 1]);
        }
        return new Environment(vars, gnupgHome, gnupgHome);
    }
}
