package dev.sops4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.api.Flattener;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.store.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/api.md, compiled and run so the documentation cannot rot. */
class ApiExampleTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void encryptThenDecryptWithTheLocalAgeKey(@TempDir Path dir) throws Exception {
        Path keys = REPO.resolve("testdata/age/keys.txt");
        String recipient = Files.readString(REPO.resolve("testdata/age/recipient.txt")).trim();

        // --- docs/api.md: begin
        Environment env = Environment.system().with("SOPS_AGE_KEY_FILE", keys.toString());
        Sops4j sops = Sops4j.local(env);                       // age + PGP key sources

        // Encrypt a YAML file for one age recipient (what `sops4j encrypt --age R app.yaml` does).
        byte[] plain = "db:\n    user: app\n    password: s3cret\n".getBytes(StandardCharsets.UTF_8);
        EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of(recipient)))), 0,
                Optional.empty(), false);
        Path file = dir.resolve("app.enc.yaml");
        Files.write(file, sops.encrypt(plain, Format.YAML, spec));

        // Decrypt it: the MAC is verified, the data key is wiped when the file is closed.
        try (DecryptedFile decrypted = sops.decrypt(file, DecryptOptions.DEFAULTS)) {
            Map<String, String> values = Flattener.flatten(decrypted.branches(), "");
            String password = values.get("db.password");      // "s3cret"
            byte[] asJson = sops.store(Format.JSON).emitPlain(decrypted.branches());
            // --- docs/api.md: end
            assertEquals("s3cret", password);
            assertEquals("{\n\t\"db\": {\n\t\t\"user\": \"app\",\n\t\t\"password\": \"s3cret\"\n\t}\n}\n",
                    new String(asJson, StandardCharsets.UTF_8));
        }
        String onDisk = Files.readString(file);
        assertTrue(onDisk.contains("password: ENC[AES256_GCM,data:"), onDisk);
        assertTrue(!onDisk.contains("s3cret"));
    }
}
