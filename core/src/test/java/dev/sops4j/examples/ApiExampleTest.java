package dev.sops4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.AgeTestKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/api.md and README.md, compiled and run so the documentation cannot rot: each example is a
 * source file of this package, and the docs must hold its text from the first import to the end verbatim.
 */
class ApiExampleTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path KEYS = REPO.resolve("testdata/age/keys.txt");
    private static final String PLAIN = "db:\n    password: s3cret-Pw-1\n    port: 6543\n    hosts:\n        - db1.internal\n"
            + "        - db2.internal\n";

    @Test
    void readSecretsFindsTheKeyAsTheCliDoes(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("app.enc.yaml"), encrypt(PLAIN));
        // A child JVM, so the key is found through the real process environment, as the example says.
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReadSecrets.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("SOPS_AGE_KEY_FILE", KEYS.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("db1.internal:6543 password 11 chars\n", out);
        assertEquals(0, p.exitValue());
        assertDocumented("ReadSecrets.java", REPO.resolve("docs/api.md"));
    }

    @Test
    void explicitSettingsReadAClassPathResource(@TempDir Path dir) throws Exception {
        Path classes = Path.of(ExplicitSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path resource = classes.resolve("dev/sops4j/examples/api-example.enc.yaml");
        Files.write(resource, encrypt(PLAIN));
        PrintStream old = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Properties props;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            props = ExplicitSettings.load("api-example.enc.yaml", KEYS.toString());
        } finally {
            System.setOut(old);
            Files.delete(resource);
        }
        assertEquals("[db.password, db.port, db.hosts[0], db.hosts[1]]\n", printed.toString(StandardCharsets.UTF_8));
        assertEquals("s3cret-Pw-1", props.getProperty("db.password"));
        assertEquals("db2.internal", props.getProperty("db.hosts[1]"));
        assertDocumented("ExplicitSettings.java", REPO.resolve("docs/api.md"));
    }

    @Test
    void encryptAndDecryptWithTheLowerLevelApi(@TempDir Path dir) throws Exception {
        String recipient = Files.readString(REPO.resolve("testdata/age/recipient.txt")).trim();
        Path file = dir.resolve("app.enc.yaml");
        var tree = EncryptAndDecrypt.roundTrip(file, recipient, KEYS);
        assertEquals(new StrValue("s3cret"), ((dev.sops4j.core.tree.Mapping) tree.get("db").orElseThrow())
                .get("password").orElseThrow());
        String onDisk = Files.readString(file);
        assertTrue(onDisk.contains("password: ENC[AES256_GCM,data:"), onDisk);
        assertFalse(onDisk.contains("s3cret"));
        assertDocumented("EncryptAndDecrypt.java", REPO.resolve("docs/api.md"));
    }

    @Test
    void readmeSnippetIsTheOneLineApi() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        String source = Files.readString(REPO.resolve("core/src/test/java/dev/sops4j/examples/ReadSecrets.java"));
        for (String line : List.of("import dev.sops4j.core.api.Sops;", "import dev.sops4j.core.api.SopsDocument;", "import java.nio.file.Path;",
                "try (SopsDocument secrets = Sops.decrypt(Path.of(\"app.enc.yaml\"))) {",
                "String password = secrets.get(\"db.password\").orElseThrow();")) {
            assertTrue(source.contains(line), line);
            assertTrue(readme.contains(line), "README.md lacks: " + line);
        }
    }

    static byte[] encrypt(String yaml) {
        return AgeTestKey.encrypt(yaml, Format.YAML);
    }

    /** The doc holds the example's source from its first import to its end, verbatim. */
    static void assertDocumented(String example, Path doc) throws Exception {
        String source = Files.readString(REPO.resolve("core/src/test/java/dev/sops4j/examples").resolve(example));
        String body = source.substring(source.indexOf("import "));
        assertTrue(Files.readString(doc).contains(body), doc.getFileName() + " must contain " + example
                + " from its first import on, verbatim");
    }
}
