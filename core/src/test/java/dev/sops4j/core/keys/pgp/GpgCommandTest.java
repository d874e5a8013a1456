package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the gpg binary is invoked, through a stand-in script named by {@code SOPS_GPG_EXEC}. */
class GpgCommandTest {
    @TempDir
    Path tmp;

    @Test
    void wrapRunsGpgWithSopsArgumentsAndTrimsItsOutput() throws IOException {
        Path fake = script("""
                cat > "$GNUPGHOME/stdin"
                echo "$*" > "$GNUPGHOME/args"
                printf '\\n  -----BEGIN PGP MESSAGE-----\\n\\nabc\\n-----END PGP MESSAGE-----\\n\\n'
                """);
        PgpKeySource source = new PgpKeySource(
                PgpKeySourceBouncyCastleTest.env(tmp, GpgCommand.EXEC_VARIABLE, fake.toString()));
        byte[] secret = {1, 2, 3, 0, (byte) 0xff};
        PgpKeyRef out = source.wrap(new PgpKeyRef("AAAA BBBB CCCC DDDD EEEE FFFF 0000 1111 2222 3333", "", ""),
                SecretBytes.copyOf(secret));
        assertEquals("-----BEGIN PGP MESSAGE-----\n\nabc\n-----END PGP MESSAGE-----", out.enc());
        assertEquals("AAAABBBBCCCCDDDDEEEEFFFF0000111122223333", out.fingerprint());
        assertEquals("--no-default-recipient --yes --encrypt -a -r AAAABBBBCCCCDDDDEEEEFFFF0000111122223333 "
                + "--trusted-key 0000111122223333 --no-encrypt-to\n", Files.readString(tmp.resolve("args")));
        assertArrayEquals(secret, Files.readAllBytes(tmp.resolve("stdin")));
    }

    @Test
    void unwrapRunsGpgDecryptWithTheArmorOnStdin() throws IOException {
        Path fake = script("""
                cat > "$GNUPGHOME/stdin"
                echo "$*" > "$GNUPGHOME/args"
                printf 'key\\n'
                """);
        PgpKeySource source = new PgpKeySource(
                PgpKeySourceBouncyCastleTest.env(tmp, GpgCommand.EXEC_VARIABLE, fake.toString()));
        String enc = "-----BEGIN PGP MESSAGE-----\n\nwcBMA\n-----END PGP MESSAGE-----";
        try (SecretBytes key = source.unwrap(new PgpKeyRef("ABCD", "", enc))) {
            assertArrayEquals("key\n".getBytes(StandardCharsets.US_ASCII), key.copy(), "stdout is not trimmed");
        }
        assertEquals("-d\n", Files.readString(tmp.resolve("args")));
        assertEquals(enc, Files.readString(tmp.resolve("stdin")));
    }

    @Test
    void failureNamesTheFirstMeaningfulStderrLine() throws IOException {
        Path fake = script("""
                cat > /dev/null
                echo "gpg: keybox '$GNUPGHOME/pubring.kbx' created" >&2
                echo "gpg: WARNING: unsafe permissions on homedir '$GNUPGHOME'" >&2
                echo "gpg: encrypted with RSA key, ID 25294A17CD90507F" >&2
                echo "      \\"Someone <x@example.com>\\"" >&2
                echo "gpg: public key decryption failed: No pinentry" >&2
                echo "gpg: decryption failed: No secret key" >&2
                exit 2
                """);
        PgpKeySource source = new PgpKeySource(
                PgpKeySourceBouncyCastleTest.env(tmp, GpgCommand.EXEC_VARIABLE, fake.toString()));
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.unwrap(new PgpKeyRef("ABCD", "", SopsVectors.formatYamlEnc())));
        assertEquals("could not decrypt data key with PGP key ABCD: no secret keys readable without gpg; "
                + "gpg: public key decryption failed: No pinentry", e.getMessage());
    }

    @Test
    void silentFailureReportsTheExitStatus() {
        assertEquals("gpg exited with status 2", GpgCommand.failure(2, "\n  \n"));
        assertEquals("gpg: checking the trustdb", GpgCommand.failure(2, "gpg: checking the trustdb\n"),
                "only noise: the last line is better than nothing");
    }

    @Test
    void execVariableIsOnePathNotACommandLine() {
        PgpKeySource source = new PgpKeySource(
                PgpKeySourceBouncyCastleTest.env(tmp, GpgCommand.EXEC_VARIABLE, "gpg --batch"));
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> source.wrap(new PgpKeyRef("ABCD", "", ""), SecretBytes.copyOf(new byte[32])));
        assertEquals("could not encrypt data key with PGP key ABCD: public key not found in " + tmp
                + "; gpg binary \"gpg --batch\" not found (install GnuPG or set SOPS_GPG_EXEC)", e.getMessage());
    }

    private Path script(String body) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "/bin/sh absent: skipping gpg stand-in tests");
        Path file = tmp.resolve("fake-gpg.sh");
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
