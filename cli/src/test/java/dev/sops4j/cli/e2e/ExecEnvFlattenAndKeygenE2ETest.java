package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exec-env --flatten} (nested values as DB_PASSWORD-style variables) and {@code keygen -o}. */
class ExecEnvFlattenAndKeygenE2ETest {
    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    private void encrypted(String name, String yaml) {
        write(dir.resolve(name), yaml);
        Result r = CliProcess.run(dir, key.env(), "encrypt", "-i", "--age", key.recipient(), name);
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void flattenPassesNestedValuesTopLevelKeysUnchanged() {
        encrypted("s.yaml", "db:\n    password: pw\n    port: 5432\nhosts:\n    - a\n    - b\napi-keys:\n    x.y: k\n"
                + "plain: v\n");
        Result r = CliProcess.run(dir, key.env(), "exec-env", "--flatten", "s.yaml",
                "echo \"$DB_PASSWORD $DB_PORT $HOSTS_0 $HOSTS_1 $API_KEYS_X_Y $plain\"");
        assertEquals(0, r.code(), r.err());
        assertEquals("pw 5432 a b k v\n", r.out());
    }

    @Test
    void nestedValuesWithoutFlattenFailAsInSopsWithAHint() {
        encrypted("s.yaml", "db:\n    password: pw\n");
        Result r = CliProcess.run(dir, key.env(), "exec-env", "s.yaml", "true");
        assertEquals(1, r.code());
        assertEquals("cannot use complex value in environment; offending key db (sops4j exec-env --flatten passes"
                + " nested values as DB_...)\n", r.err());
    }

    @Test
    void twoPathsGivingOneNameAreRefused() {
        encrypted("s.yaml", "a:\n    b: 1\nA_B: 2\n");
        Result r = CliProcess.run(dir, key.env(), "exec-env", "--flatten", "s.yaml", "true");
        assertEquals(1, r.code());
        assertEquals("--flatten: 'a.b' and 'A_B' both give the variable A_B\n", r.err());
    }

    @Test
    void keygenOutputCreatesPrivateDirectoriesAndFile() throws Exception {
        Result r = CliProcess.run(dir, key.env(), "keygen", "-o", "cfg/sops/age/keys.txt");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("Public key: age1"), r.err());
        for (String d : new String[] {"cfg", "cfg/sops", "cfg/sops/age"}) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(d))), d);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("cfg/sops/age/keys.txt"))));
        Result again = CliProcess.run(dir, key.env(), "keygen", "-o", "cfg/sops/age/keys.txt");
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(again.code() != 0);
    }
}
