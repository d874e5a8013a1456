package dev.sops4j.cli.e2e;

import static dev.sops4j.cli.e2e.Fixtures.read;
import static dev.sops4j.cli.e2e.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.CliProcess.Result;
import dev.sops4j.kms.fake.FakeAws;
import dev.sops4j.kms.fake.FakeKmsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many KMS-wrapped files in one command: unwraps run concurrently (bounded by the batch pool) and KMS is asked once
 * per distinct (arn, context, ciphertext), however many files share it. sops would make one serial call per file.
 */
class KmsBatchE2ETest {
    static final int FILES = 20;
    /** The CLI's batch pool size: concurrency must stay at or below it. */
    static final int POOL = 16;

    @TempDir
    Path dir;
    FakeAws aws;
    String arn;

    @BeforeEach
    void start() throws Exception {
        Fixtures.assumeWorking(dir, "json", "{\"a\": \"b\"}");
        aws = FakeAws.start();
        arn = aws.kms().createKey("us-east-1");
    }

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    private String[] args(String verb, List<String> files) {
        List<String> a = new ArrayList<>(List.of(verb, "-i"));
        if (verb.equals("encrypt")) {
            a.addAll(List.of("--kms", arn, "--encryption-context", "app:web"));
        }
        a.addAll(files);
        return a.toArray(String[]::new);
    }

    private long calls(String op) {
        return aws.kms().calls().stream().filter(c -> c.operation().equals(op)).count();
    }

    @Test
    void eachFileItsOwnDataKeyOneDecryptPerFileConcurrently() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            names.add("f" + i + ".json");
            write(dir.resolve("f" + i + ".json"), "{\"n\": \"v" + i + "\"}\n");
        }
        Result enc = CliProcess.run(dir, aws.environment(), args("encrypt", names));
        assertEquals(0, enc.code(), enc.err());
        assertEquals(FILES, calls("Encrypt"));
        Set<String> ciphertexts = new HashSet<>();
        for (String n : names) {
            String text = read(dir.resolve(n));
            int at = text.indexOf("\"enc\": \"");
            ciphertexts.add(text.substring(at, text.indexOf('"', at + 8)));
        }
        assertEquals(FILES, ciphertexts.size());

        aws.kms().latency(Duration.ofMillis(200));
        aws.kms().takeMaxInFlight();
        Result dec = CliProcess.run(dir, aws.environment(), args("decrypt", names));
        assertEquals(0, dec.code(), dec.err());
        assertEquals("sops4j decrypt: 20 files, 20 done, 0 skipped, 0 failed\n", dec.err());
        assertEquals(FILES, calls("Decrypt"));
        int inFlight = aws.kms().takeMaxInFlight();
        assertTrue(inFlight > 1 && inFlight <= POOL, "max concurrent KMS requests: " + inFlight);
        for (int i = 0; i < FILES; i++) {
            assertEquals("{\n\t\"n\": \"v" + i + "\"\n}\n", read(dir.resolve("f" + i + ".json")));
        }
    }

    @Test
    void filesSharingDataKeysCostOneDecryptPerDistinctCiphertext() throws Exception {
        write(dir.resolve("a.json"), "{\"n\": \"a\"}\n");
        write(dir.resolve("b.json"), "{\"n\": \"b\"}\n");
        Result enc = CliProcess.run(dir, aws.environment(), args("encrypt", List.of("a.json", "b.json")));
        assertEquals(0, enc.code(), enc.err());
        // Copies of an encrypted file share its data key, its KMS ciphertext and its context.
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            String name = "c" + i + ".json";
            Files.copy(dir.resolve(i % 2 == 0 ? "a.json" : "b.json"), dir.resolve(name));
            names.add(name);
        }
        aws.kms().latency(Duration.ofMillis(200));
        Result dec = CliProcess.run(dir, aws.environment(), args("decrypt", names));
        assertEquals(0, dec.code(), dec.err());
        assertEquals("sops4j decrypt: 20 files, 20 done, 0 skipped, 0 failed\n", dec.err());
        List<FakeKmsServer.Call> decrypts = aws.kms().calls().stream().filter(c -> c.operation().equals("Decrypt"))
                .toList();
        assertEquals(2, decrypts.size(), decrypts.toString());
        for (int i = 0; i < FILES; i++) {
            assertEquals("{\n\t\"n\": \"" + (i % 2 == 0 ? "a" : "b") + "\"\n}\n", read(dir.resolve(names.get(i))));
        }
    }
}
