package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format options on YAML files: output types, indents, stdin naming, extraction, and what gets loaded. */
class YamlE2ETest {
    static final String PLAIN = "# top\ndb:\n    user: admin\n    ports:\n        - 1\n        - 2\nflag: true\n";

    @TempDir
    Path dir;

    private final AgeKey key = AgeKey.generate();

    @BeforeEach
    void engineReady() {
        Fixtures.assumeWorking(dir, "yaml", "a: b\n");
    }

    private Result sops(String... args) {
        return CliProcess.run(dir, key.env(), args);
    }

    private void encrypted() {
        write(dir.resolve("s.yaml"), PLAIN);
        Result r = sops("encrypt", "-i", "--age", key.recipient(), "s.yaml");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void roundTripAndOutputTypes() {
        encrypted();
        assertEquals(PLAIN, sops("decrypt", "s.yaml").out());
        assertEquals("{\n\t\"db\": {\n\t\t\"user\": \"admin\",\n\t\t\"ports\": [\n\t\t\t1,\n\t\t\t2\n\t\t]\n\t},\n"
                + "\t\"flag\": true\n}\n", sops("decrypt", "--output-type", "json", "s.yaml").out());
        assertEquals("# top\ndb:\n  user: admin\n  ports:\n    - 1\n    - 2\nflag: true\n",
                sops("decrypt", "--indent", "2", "s.yaml").out());
        Result dotenv = sops("decrypt", "--output-type", "dotenv", "s.yaml");
        assertEquals(4, dotenv.code());
        assertTrue(dotenv.err().startsWith("Error dumping file: "), dotenv.err());
    }

    @Test
    void storesIndentFromSopsYaml() {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - age: " + key.recipient() + "\nstores:\n  yaml:\n    indent: 2\n");
        write(dir.resolve("s.yaml"), PLAIN);
        assertEquals(0, sops("encrypt", "-i", "s.yaml").code());
        assertTrue(read(dir.resolve("s.yaml")).contains("\n  user: ENC["), read(dir.resolve("s.yaml")));
        assertEquals("# top\ndb:\n  user: admin\n  ports:\n    - 1\n    - 2\nflag: true\n", sops("decrypt", "s.yaml").out());
    }

    @Test
    void stdinIsNamedByFilenameOverride() {
        write(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: \\.yaml$\n    age: " + key.recipient() + "\n");
        Result r = CliProcess.run(dir, key.env(), PLAIN.getBytes(StandardCharsets.UTF_8),
                "encrypt", "--filename-override", "piped.yaml");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("user: ENC[AES256_GCM"), r.out());
        Result noName = CliProcess.run(dir, key.env(), PLAIN.getBytes(StandardCharsets.UTF_8), "encrypt");
        assertEquals(8, noName.code());
    }

    @Test
    void extractPrintsStringsRawAndSubtreesAsYaml() {
        encrypted();
        assertEquals("admin", sops("decrypt", "--extract", "[\"db\"][\"user\"]", "s.yaml").out());
        assertEquals("- 1\n- 2\n", sops("decrypt", "--extract", "[\"db\"][\"ports\"]", "s.yaml").out());
        assertEquals("user: admin\nports:\n    - 1\n    - 2\n", sops("decrypt", "--extract", "[\"db\"]", "s.yaml").out());
    }

    @Test
    void noCloudSdkClassLoadsForAnAgeFile() {
        encrypted();
        Result r = CliProcess.runJvm(List.of("-Xlog:class+load=info:stderr"), dir, key.env(), null, "decrypt", "s.yaml");
        assertEquals(0, r.code());
        assertFalse(r.err().contains("software.amazon."), "AWS SDK loaded");
        assertFalse(r.err().contains("io.spiffe."), "SPIFFE loaded");
        assertFalse(r.err().contains("io.grpc."), "gRPC loaded");
        for (String sdk : new String[] {"com.google.auth.", "com.google.api.client.", "com.azure.", "com.microsoft.aad.",
                "dev.sops4j.keys.gcpkms.GoogleAuthTokens", "java.net.http.HttpClient "}) {
            assertFalse(r.err().contains(sdk), sdk + " loaded");
        }
        assertTrue(r.err().contains("dev.sops4j.cli.Main"), "the log did record class loading");
    }

    @Test
    void anX25519EncryptLoadsNoBouncyCastle() {
        // BouncyCastle's jars are signed: its first class costs a signature check of the whole jar (~25 ms), and the
        // release's start-up cache would then load it for every command. Only PGP, SSH-RSA and tag recipients need it.
        write(dir.resolve("s.yaml"), PLAIN);
        Result r = CliProcess.runJvm(List.of("-Xlog:class+load=info:stderr"), dir, key.env(), null,
                "encrypt", "--age", key.recipient(), "s.yaml");
        assertEquals(0, r.code());
        assertTrue(r.err().contains("dev.sops4j.core.keys.age.AgeRecipients"), "the log did record class loading");
        assertFalse(r.err().contains("org.bouncycastle."), "BouncyCastle loaded");
        assertFalse(r.err().contains("dev.sops4j.core.keys.age.TagRecipient"), "TagRecipient loaded");
    }
}
