package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real gpg binary, in a throw-away GNUPGHOME holding sops' functional-test keys. */
class PgpKeySourceGpgTest {
    private static final String NO_GPG = "/nonexistent/sops4j-test/gpg";

    @TempDir
    Path tmp;
    private GnupgFixture gnupg;

    @BeforeEach
    void setUp() throws IOException {
        Path keys = SharedData.file(GnupgFixture.FUNCTIONAL_KEY);
        gnupg = GnupgFixture.create(tmp);
        gnupg.importKeys(keys);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (gnupg != null) {
            gnupg.close();
        }
    }

    @Test
    void unwrapsRealSopsFileThroughGpg() {
        PgpKeySource source = new PgpKeySource(gnupg.env());
        PgpKeyRef ref = new PgpKeyRef(GnupgFixture.FP1, "2026-05-22T20:16:20Z", SopsVectors.formatYamlEnc());
        try (SecretBytes key = source.unwrap(ref)) {
            assertArrayEquals(SopsVectors.formatYamlDataKey(), key.copy());
        }
    }

    @Test
    void bouncyCastleWrapDecryptsWithGpg() throws IOException {
        byte[] secret = random(32);
        // no gpg for the source: the keybox must be read by us
        PgpKeySource source = new PgpKeySource(gnupg.env(GpgCommand.EXEC_VARIABLE, NO_GPG));
        PgpKeyRef wrapped = source.wrap(new PgpKeyRef(GnupgFixture.FP1, "", ""), SecretBytes.copyOf(secret));
        String enc = wrapped.enc();
        assertTrue(enc.startsWith("-----BEGIN PGP MESSAGE-----\n\n"), enc);
        assertTrue(enc.endsWith("\n-----END PGP MESSAGE-----"), enc);
        GnupgFixture.Result r = gnupg.gpg(enc.getBytes(StandardCharsets.US_ASCII), "-d");
        assertEquals(0, r.status(), r.stderr());
        assertArrayEquals(secret, r.stdout());
        assertTrue(r.stderr().contains("ID 25294A17CD90507F"), "encrypted to the encryption subkey: " + r.stderr());
    }

    @Test
    void gpgEncryptedMessageUnwrapsThroughGpgAndThroughBouncyCastle() throws IOException {
        byte[] secret = random(32);
        GnupgFixture.Result r = gnupg.gpg(secret, "--trust-model", "always", "--encrypt", "-a", "-r",
                GnupgFixture.FP1);
        assertEquals(0, r.status(), r.stderr());
        PgpKeyRef ref = new PgpKeyRef(GnupgFixture.FP1, "", new String(r.stdout(), StandardCharsets.US_ASCII));

        try (SecretBytes viaGpg = new PgpKeySource(gnupg.env()).unwrap(ref)) {
            assertArrayEquals(secret, viaGpg.copy());
        }
        Path keyFile = SharedData.file(GnupgFixture.FUNCTIONAL_KEY);
        PgpKeySource bcOnly = new PgpKeySource(gnupg.env(GpgCommand.EXEC_VARIABLE, NO_GPG,
                PgpKeySource.SECRET_KEY_FILE_VARIABLE, keyFile.toString()));
        try (SecretBytes viaBc = bcOnly.unwrap(ref)) {
            assertArrayEquals(secret, viaBc.copy());
        }
    }

    @Test
    void wrapFallsBackToGpgForKeysBouncyCastleDoesNotMatch() {
        // gpg accepts a subkey fingerprint; our lookup only matches primary keys, so this exercises the fallback
        byte[] secret = random(33);
        PgpKeySource source = new PgpKeySource(gnupg.env());
        PgpKeyRef wrapped = source.wrap(new PgpKeyRef(GnupgFixture.FP1_ENC_SUBKEY, "", ""),
                SecretBytes.copyOf(secret));
        assertTrue(wrapped.enc().startsWith("-----BEGIN PGP MESSAGE-----\n"), wrapped.enc());
        assertTrue(wrapped.enc().endsWith("-----END PGP MESSAGE-----"), "output is trimmed");
        try (SecretBytes back = source.unwrap(wrapped)) {
            assertArrayEquals(secret, back.copy());
        }
    }

    @Test
    void roundTripThroughKeyboxAndGpg() {
        PgpKeySource source = new PgpKeySource(gnupg.env());
        for (int size : new int[] {32, 33}) {
            byte[] secret = random(size);
            PgpKeyRef wrapped = source.wrap(new PgpKeyRef(GnupgFixture.FP1.toLowerCase(), "", ""),
                    SecretBytes.copyOf(secret));
            try (SecretBytes back = source.unwrap(wrapped)) {
                assertArrayEquals(secret, back.copy(), "size " + size);
            }
        }
    }

    @Test
    void unknownFingerprintReportsBothCauses() {
        String fp = "0000000000000000000000000000000000000001";
        PgpKeySource source = new PgpKeySource(gnupg.env());
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.wrap(new PgpKeyRef(fp, "", ""), SecretBytes.copyOf(new byte[32])));
        assertEquals("could not encrypt data key with PGP key " + fp + ": public key not found in " + gnupg.home
                + "; gpg: " + fp + ": skipped: No public key", e.getMessage());
        assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
    }

    @Test
    void unwrapWithoutTheSecretKeyNamesGpgsReason() throws IOException {
        PgpKeyRef ref = new PgpKeyRef(GnupgFixture.FP1, "", SopsVectors.formatYamlEnc());
        try (GnupgFixture empty = GnupgFixture.create(Files.createDirectory(tmp.resolve("other")))) {
            KeySourceException e = assertThrows(KeySourceException.class,
                    () -> new PgpKeySource(empty.env()).unwrap(ref));
            assertEquals("could not decrypt data key with PGP key " + GnupgFixture.FP1
                    + ": no secret keys readable without gpg; gpg: decryption failed: No secret key",
                    e.getMessage());
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
