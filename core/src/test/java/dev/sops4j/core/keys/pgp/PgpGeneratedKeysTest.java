package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys made by gpg for the test: modern curves, an expired key and a revoked key. */
class PgpGeneratedKeysTest {
    @TempDir
    Path tmp;
    private GnupgFixture gnupg;

    @BeforeEach
    void setUp() throws IOException {
        gnupg = GnupgFixture.create(tmp);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (gnupg != null) {
            gnupg.close();
        }
    }

    @Test
    void curve25519KeyWorksBothWaysWithoutGpgOnOurSide() throws IOException {
        String fp = generate("Modern <m@example.com>", "future-default", "never");
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        PgpKeySource bcOnly =
                new PgpKeySource(gnupg.env(GpgCommand.EXEC_VARIABLE, PgpKeySourceBouncyCastleTest.NO_GPG));
        PgpKeyRef wrapped = bcOnly.wrap(new PgpKeyRef(fp, "", ""), SecretBytes.copyOf(secret));
        GnupgFixture.Result d = gnupg.gpg(wrapped.enc().getBytes(StandardCharsets.US_ASCII), "-d");
        assertEquals(0, d.status(), d.stderr());
        assertArrayEquals(secret, d.stdout());

        GnupgFixture.Result e = gnupg.gpg(secret, "--trust-model", "always", "-e", "-a", "-r", fp);
        assertEquals(0, e.status(), e.stderr());
        GnupgFixture.Result exported = gnupg.gpg(new byte[0], "--pinentry-mode", "loopback", "--passphrase", "",
                "--export-secret-keys", "-a", fp);
        assertEquals(0, exported.status(), exported.stderr());
        Path keyFile = Files.write(tmp.resolve("secret.asc"), exported.stdout());
        PgpKeySource fromFile = new PgpKeySource(gnupg.env(GpgCommand.EXEC_VARIABLE,
                PgpKeySourceBouncyCastleTest.NO_GPG, PgpKeySource.SECRET_KEY_FILE_VARIABLE, keyFile.toString()));
        try (SecretBytes back = fromFile.unwrap(new PgpKeyRef(fp, "", new String(e.stdout(),
                StandardCharsets.US_ASCII)))) {
            assertArrayEquals(secret, back.copy());
        }
    }

    @Test
    void expiredKeyIsRefusedByBothPaths() throws IOException {
        GnupgFixture.Result r = gnupg.gpg(new byte[0], "--faked-system-time", "20200101T000000", "--passphrase", "",
                "--quick-gen-key", "Old <o@example.com>", "rsa2048", "default", "1d");
        assertEquals(0, r.status(), r.stderr());
        String fp = fingerprint("o@example.com");
        assertUnusable(fp);
    }

    @Test
    void revokedKeyIsRefusedByBothPaths() throws IOException {
        String fp = generate("Gone <g@example.com>", "rsa2048", "never");
        String rev = Files.readString(gnupg.home.resolve("openpgp-revocs.d").resolve(fp + ".rev"))
                .replace(":-----BEGIN", "-----BEGIN"); // gpg guards the stored certificate against casual import
        GnupgFixture.Result r = gnupg.gpg(rev.getBytes(StandardCharsets.US_ASCII), "--import");
        assertEquals(0, r.status(), r.stderr());
        assertUnusable(fp);
    }

    private void assertUnusable(String fp) {
        PgpKeySource source = new PgpKeySource(gnupg.env());
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.wrap(new PgpKeyRef(fp, "", ""), SecretBytes.copyOf(new byte[32])));
        assertEquals("could not encrypt data key with PGP key " + fp + ": key has no valid encryption key (revoked, "
                + "expired or not for encryption); gpg: " + fp + ": skipped: Unusable public key", e.getMessage());
    }

    private String generate(String uid, String algo, String expiry) throws IOException {
        GnupgFixture.Result r = gnupg.gpg(new byte[0], "--passphrase", "", "--quick-gen-key", uid, algo, "default",
                expiry);
        assertEquals(0, r.status(), r.stderr());
        return fingerprint(uid.replaceAll(".*<(.*)>", "$1"));
    }

    private String fingerprint(String email) throws IOException {
        GnupgFixture.Result r = gnupg.gpg(new byte[0], "--with-colons", "--list-keys", email);
        assertEquals(0, r.status(), r.stderr());
        for (String line : new String(r.stdout(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("fpr:")) {
                return line.split(":")[9];
            }
        }
        throw new AssertionError("no fingerprint for " + email);
    }
}
