package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files per command and --recursive driven by .sops.yaml: beyond sops. */
class BatchE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "json", "{\"a\": \"b\"}");
    }

    @Test
    void encryptAndDecryptManyFilesInPlaceOneFailureDoesNotStopTheOthers() throws Exception {
        for (int i = 0; i < 6; i++) {
            write(dir.resolve("f" + i + ".json"), "{\"n\": \"v" + i + "\"}\n");
        }
        Result enc = CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(),
                "f0.json", "f1.json", "f2.json", "f3.json", "f4.json", "f5.json");
        assertEquals(0, enc.code(), enc.err());
        assertEquals("sops4j encrypt: 6 files, 6 done, 0 skipped, 0 failed\n", enc.err());
        write(dir.resolve("f3.json"), "{\"not\": \"encrypted\"}\n");
        write(dir.resolve("f4.json"), read(dir.resolve("f4.json")).replace("ENC[AES256_GCM,data:", "ENC[AES256_GCM,data:AA"));
        Result dec = CliProcess.run(dir, key.env(), "decrypt", "-i", "f0.json", "f1.json", "f2.json", "f3.json",
                "f4.json", "f5.json");
        assertEquals(25, dec.code(), dec.err());
        // a plaintext file is skipped (a re-run is fine); a damaged one fails and its error names it
        assertTrue(dec.err().startsWith(dir.resolve("f4.json") + ": "), dec.err());
        assertTrue(dec.err().endsWith("sops4j decrypt: 6 files, 4 done, 1 skipped, 1 failed\n"), dec.err());
        assertEquals(2, dec.err().lines().count(), dec.err());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("f0.json"))));
        for (int i = 0; i < 6; i++) {
            if (i != 3 && i != 4) {
                assertEquals("{\n\t\"n\": \"v" + i + "\"\n}\n", read(dir.resolve("f" + i + ".json")));
            }
        }
    }

    @Test
    void updatekeysAndRotateRecursively() throws Exception {
        AgeKey second = AgeKey.generate();
        Files.createDirectories(dir.resolve("env/prod"));
        write(dir.resolve("env/a.json"), "{\"a\": \"1\"}\n");
        write(dir.resolve("env/prod/b.json"), "{\"b\": \"2\"}\n");
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(),
                "env/a.json", "env/prod/b.json").code());
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: ^env/\n    age: " + key.recipient() + ","
                + second.recipient() + "\n");
        Result up = CliProcess.run(dir, key.env(), "updatekeys", "-y", "--recursive", "env");
        assertEquals(0, up.code(), up.err());
        assertTrue(up.err().endsWith("sops4j updatekeys: 2 files, 2 done, 0 skipped, 0 failed\n"), up.err());
        assertEquals("{\n\t\"b\": \"2\"\n}\n", CliProcess.run(dir, second.env(), "decrypt", "env/prod/b.json").out());
        Result rot = CliProcess.run(dir, second.env(), "rotate", "-i", "-R", "env");
        assertEquals(0, rot.code(), rot.err());
        assertEquals("sops4j rotate: 2 files, 2 done, 0 skipped, 0 failed\n", rot.err());
        assertEquals("{\n\t\"a\": \"1\"\n}\n", CliProcess.run(dir, key.env(), "decrypt", "env/a.json").out());
    }

    @Test
    void aBinaryFileInABatchIsDecryptedNotSkipped() throws Exception {
        byte[] blob = {'h', 'i', 0, (byte) 0xff, '\n'};
        Files.write(dir.resolve("blob.bin"), blob);
        write(dir.resolve("a.json"), "{\"a\": \"1\"}\n");
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(), "blob.bin",
                "a.json").code());
        write(dir.resolve("plain.yaml"), "not: encrypted\n");
        Result dec = CliProcess.run(dir, key.env(), "decrypt", "-i", "blob.bin", "a.json", "plain.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals("sops4j decrypt: 3 files, 2 done, 1 skipped, 0 failed\n", dec.err());
        assertTrue(java.util.Arrays.equals(blob, Files.readAllBytes(dir.resolve("blob.bin"))));
        assertEquals("{\n\t\"a\": \"1\"\n}\n", read(dir.resolve("a.json")));
        assertEquals("not: encrypted\n", read(dir.resolve("plain.yaml")));
    }

    @Test
    void severalFilesNeedInPlace() {
        write(dir.resolve("a.json"), "{}");
        write(dir.resolve("b.json"), "{}");
        Result r = CliProcess.run(dir, key.env(), "decrypt", "a.json", "b.json");
        assertEquals(8, r.code());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void recursiveFollowsCreationRulesAndSkipsWhatIsDone() throws Exception {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: secrets/.*\\.json$\n    age: "
                + key.recipient() + "\n");
        Files.createDirectories(dir.resolve("secrets/deep"));
        Files.createDirectories(dir.resolve("secrets/.git"));
        write(dir.resolve("secrets/a.json"), "{\"a\": \"1\"}\n");
        write(dir.resolve("secrets/deep/b.json"), "{\"b\": \"2\"}\n");
        write(dir.resolve("secrets/.git/c.json"), "{\"c\": \"3\"}\n");
        write(dir.resolve("secrets/notes.txt"), "not matched\n");
        write(dir.resolve("other.json"), "{\"o\": \"4\"}\n");
        Result r = CliProcess.run(dir, key.env(), "encrypt", "-i", "--recursive", "secrets");
        assertEquals(0, r.code(), r.err());
        assertEquals("sops4j encrypt: 2 files, 2 done, 0 skipped, 0 failed\n", r.err());
        assertTrue(read(dir.resolve("secrets/deep/b.json")).contains("ENC["));
        assertFalse(read(dir.resolve("secrets/.git/c.json")).contains("ENC["));
        assertEquals("not matched\n", read(dir.resolve("secrets/notes.txt")));
        Result again = CliProcess.run(dir, key.env(), "encrypt", "-i", "--recursive", "secrets");
        assertEquals("sops4j encrypt: 2 files, 0 done, 2 skipped, 0 failed\n", again.err());
        Result dec = CliProcess.run(dir, key.env(), "decrypt", "-i", "-R", "secrets");
        assertEquals(0, dec.code(), dec.err());
        assertEquals("{\n\t\"a\": \"1\"\n}\n", read(dir.resolve("secrets/a.json")));
    }

    /** The deploy job: a tree decrypted below an output directory, sources untouched; both modes re-run cleanly. */
    @Test
    void decryptTreeToOutputDirAndInPlaceTwice() throws Exception {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: ^deploy/\n    age: " + key.recipient() + "\n");
        Files.createDirectories(dir.resolve("deploy/prod"));
        write(dir.resolve("deploy/app.yaml"), "db:\n    password: s3cret\n");
        write(dir.resolve("deploy/prod/api.json"), "{\"token\": \"t\"}\n");
        assertEquals(0, CliProcess.run(dir, key.env(), "encrypt", "-i", "-R", "deploy").code());
        String encApp = read(dir.resolve("deploy/app.yaml"));
        String encApi = read(dir.resolve("deploy/prod/api.json"));

        Result r = CliProcess.run(dir, key.env(), "decrypt", "-R", "deploy", "--output-dir", "out/secrets");
        assertEquals(0, r.code(), r.err());
        assertEquals("sops4j decrypt: 2 files, 2 done, 0 skipped, 0 failed\n", r.err());
        assertEquals("db:\n    password: s3cret\n", read(dir.resolve("out/secrets/app.yaml")));
        assertEquals("{\n\t\"token\": \"t\"\n}\n", read(dir.resolve("out/secrets/prod/api.json")));
        for (String f : new String[] {"out/secrets/app.yaml", "out/secrets/prod/api.json"}) {
            assertEquals("rw-------", mode(f), f);
        }
        for (String d : new String[] {"out", "out/secrets", "out/secrets/prod"}) {
            assertEquals("rwx------", mode(d), d);
        }
        assertEquals(encApp, read(dir.resolve("deploy/app.yaml")));
        assertEquals(encApi, read(dir.resolve("deploy/prod/api.json")));

        Result json = CliProcess.run(dir, key.env(), "decrypt", "--output-type", "json", "--output-dir", "out2",
                "deploy/app.yaml");
        assertEquals(0, json.code(), json.err());
        assertEquals("{\n\t\"db\": {\n\t\t\"password\": \"s3cret\"\n\t}\n}\n", read(dir.resolve("out2/deploy/app.yaml")));

        Result first = CliProcess.run(dir, key.env(), "decrypt", "-i", "-R", "deploy");
        assertEquals(0, first.code(), first.err());
        assertEquals("rw-------", mode("deploy/app.yaml"));
        Result second = CliProcess.run(dir, key.env(), "decrypt", "-i", "-R", "deploy");
        assertEquals(0, second.code(), second.err());
        assertEquals("sops4j decrypt: 2 files, 0 done, 2 skipped, 0 failed\n", second.err());
        assertEquals("db:\n    password: s3cret\n", read(dir.resolve("deploy/app.yaml")));
    }

    @Test
    void outputDirRefusesInPlace() {
        write(dir.resolve("a.json"), "{}");
        Result r = CliProcess.run(dir, key.env(), "decrypt", "-i", "--output-dir", "out", "a.json");
        assertEquals(8, r.code());
        assertEquals("Error: --output-dir cannot be combined with -i/--in-place or --output\n", r.err());
    }

    private String mode(String rel) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(rel)));
    }
}
