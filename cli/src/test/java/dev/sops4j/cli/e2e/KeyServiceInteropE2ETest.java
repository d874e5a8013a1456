package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.cli.e2e.Fixtures.AgeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sops' gRPC key service both ways with the real sops 3.13.2: the key lives only with the server; the client runs
 * with no key and {@code --enable-local-keyservice=false}.
 */
class KeyServiceInteropE2ETest {
    private static final String PLAIN = "db:\n    password: hunter2\n";
    private static final Map<String, String> NO_KEY = Map.of();

    @TempDir
    Path dir;

    private final KeyServices services = new KeyServices();
    private AgeKey key;

    @BeforeEach
    void setUp() throws Exception {
        RealSops.binary();
        key = AgeKey.generate();
        Files.writeString(dir.resolve("plain.yaml"), PLAIN);
        CliProcess.Result enc = KeyServices.sops(dir, key.env(), "encrypt", "--age", key.recipient(), "plain.yaml");
        assertEquals(0, enc.code(), enc.err());
        Files.write(dir.resolve("secret.enc.yaml"), enc.stdout());
    }

    @AfterEach
    void stop() {
        services.close();
    }

    @Test
    void realSopsServesTheKeyAndSops4jDecryptsAndEncryptsThroughIt() throws Exception {
        String uri = services.realSops(dir, key.env(), KeyServices.freePort());

        CliProcess.Result dec = CliProcess.run(dir, NO_KEY, "decrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "secret.enc.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());

        CliProcess.Result enc = CliProcess.run(dir, NO_KEY, "encrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "--age", key.recipient(), "plain.yaml");
        assertEquals(0, enc.code(), enc.err());
        Files.write(dir.resolve("by-sops4j.enc.yaml"), enc.stdout());
        CliProcess.Result back = KeyServices.sops(dir, key.env(), "decrypt", "by-sops4j.enc.yaml");
        assertEquals(0, back.code(), back.err());
        assertEquals(PLAIN, back.out());
    }

    @Test
    void sops4jServesTheKeyAndRealSopsDecryptsAndEncryptsThroughIt() {
        int port = KeyServices.freePort();
        services.sops4j(dir, key.env(), "--network", "tcp", "--address", "127.0.0.1:" + port);
        String uri = "tcp://127.0.0.1:" + port;

        CliProcess.Result dec = KeyServices.sops(dir, NO_KEY, "decrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "secret.enc.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());

        CliProcess.Result enc = KeyServices.sops(dir, NO_KEY, "encrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "--age", key.recipient(), "plain.yaml");
        assertEquals(0, enc.code(), enc.err());
        Fixtures.write(dir.resolve("by-sops.enc.yaml"), enc.out());
        CliProcess.Result back = CliProcess.run(dir, key.env(), "decrypt", "by-sops.enc.yaml");
        assertEquals(0, back.code(), back.err());
        assertEquals(PLAIN, back.out());
    }

    @Test
    void overAUnixSocketBothWays() {
        Path socket = dir.resolve("keys.sock");
        services.sops4j(dir, key.env(), "--network", "unix", "--address", socket.toString());
        String uri = "unix://" + socket;

        CliProcess.Result bySops = KeyServices.sops(dir, NO_KEY, "decrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "secret.enc.yaml");
        assertEquals(0, bySops.code(), bySops.err());
        assertEquals(PLAIN, bySops.out());

        CliProcess.Result bySops4j = CliProcess.run(dir, NO_KEY, "decrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "secret.enc.yaml");
        assertEquals(0, bySops4j.code(), bySops4j.err());
        assertEquals(PLAIN, bySops4j.out());
        assertFalse(bySops4j.err().contains("WARNING"), bySops4j.err());
    }

    @Test
    void theEnvironmentVariablesSelectTheKeyServices() {
        int port = KeyServices.freePort();
        String uri = services.realSops(dir, key.env(), port);
        CliProcess.Result dec = CliProcess.run(dir, Map.of("SOPS_KEYSERVICE", "tcp://127.0.0.1:1," + uri,
                "SOPS_ENABLE_LOCAL_KEYSERVICE", "false"), "decrypt", "secret.enc.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertEquals(PLAIN, dec.out());
    }

    @Test
    void anUnreachableKeyServiceIsSopsExitCodeAndOneLineNamingIt() {
        int port = KeyServices.freePort();
        String uri = "tcp://127.0.0.1:" + port;
        CliProcess.Result sops = KeyServices.sops(dir, NO_KEY, "decrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "secret.enc.yaml");
        CliProcess.Result dec = CliProcess.run(dir, NO_KEY, "decrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "secret.enc.yaml");
        assertEquals(128, sops.code());
        assertEquals(sops.code(), dec.code(), dec.err());
        String first = dec.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Failed to get the data key required to decrypt the SOPS file. Key service "
                + uri + ": UNAVAILABLE"), dec.err());
        assertEquals("", dec.out());

        CliProcess.Result sopsEnc = KeyServices.sops(dir, NO_KEY, "encrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "--age", key.recipient(), "plain.yaml");
        CliProcess.Result enc = CliProcess.run(dir, NO_KEY, "encrypt", "--keyservice", uri,
                "--enable-local-keyservice=false", "--age", key.recipient(), "plain.yaml");
        assertEquals(1, sopsEnc.code());
        assertEquals(sopsEnc.code(), enc.code(), enc.err());
        assertEquals(1, enc.err().lines().count(), enc.err());
        assertTrue(enc.err().contains("through key service " + uri + ": UNAVAILABLE"), enc.err());
        assertEquals("", enc.out());
    }

    @Test
    void noKeyLocallyNorAtTheKeyServiceIsTheNoKeyReport() {
        int port = KeyServices.freePort();
        services.sops4j(dir, NO_KEY, "--address", "127.0.0.1:" + port);
        CliProcess.Result dec = CliProcess.run(dir, NO_KEY, "decrypt", "--keyservice", "tcp://127.0.0.1:" + port,
                "secret.enc.yaml");
        assertEquals(128, dec.code(), dec.err());
        String report = dec.err();
        assertTrue(report.startsWith("Failed to get the data key required to decrypt the SOPS file. No age identity"
                + " available"), report);
        assertTrue(report.contains("; key service tcp://127.0.0.1:" + port + ": UNKNOWN: no age identity"), report);
        assertTrue(report.contains("Group 0: FAILED (age " + key.recipient() + ")"), report);
        assertEquals("", dec.out());
    }

    @Test
    void commandsWithoutAKeyServiceNeverLoadGrpc() {
        CliProcess.Result dec = CliProcess.runJvm(java.util.List.of("-verbose:class"), dir, key.env(), null,
                "decrypt", "secret.enc.yaml");
        assertEquals(0, dec.code(), dec.err());
        assertTrue(dec.out().contains("dev.sops4j.cli.Main"), "class loading is not logged");
        assertFalse(dec.out().contains("io.grpc") || dec.out().contains("dev.sops4j.keys.keyservice")
                || dec.out().contains("com.google.protobuf"), "gRPC loaded without --keyservice");
    }

    /** PGP both ways: the secret key only in the server's GNUPGHOME; the clients' GNUPGHOME is empty. */
    @Test
    void pgpThroughTheKeyServiceBothWays() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("gpg") && onPath("gpgconf"), "gpg is not on PATH");
        Path keys = Files.createDirectories(dir.resolve("g"));
        Path empty = Files.createDirectories(dir.resolve("e"));
        for (Path p : List.of(keys, empty)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        Map<String, String> server = Map.of("GNUPGHOME", keys.toString());
        Map<String, String> client = Map.of("GNUPGHOME", empty.toString());
        try {
            assertEquals(0, gpg(keys, "--batch", "--passphrase", "", "--quick-gen-key", "KS <ks@example.com>",
                    "default", "default", "never").code());
            String fp = gpg(keys, "--list-keys", "--with-colons").out().lines().filter(l -> l.startsWith("fpr:"))
                    .findFirst().orElseThrow().split(":")[9];
            int sopsPort = KeyServices.freePort();
            String sopsUri = services.realSops(dir, server, sopsPort);
            int ownPort = KeyServices.freePort();
            services.sops4j(dir, server, "--address", "127.0.0.1:" + ownPort);
            String ownUri = "tcp://127.0.0.1:" + ownPort;

            CliProcess.Result bySops = KeyServices.sops(dir, client, "encrypt", "--keyservice", ownUri,
                    "--enable-local-keyservice=false", "--pgp", fp, "plain.yaml");
            assertEquals(0, bySops.code(), bySops.err());
            Files.write(dir.resolve("pgp-sops.enc.yaml"), bySops.stdout());
            CliProcess.Result dec = CliProcess.run(dir, client, "decrypt", "--keyservice", sopsUri,
                    "--enable-local-keyservice=false", "pgp-sops.enc.yaml");
            assertEquals(0, dec.code(), dec.err());
            assertEquals(PLAIN, dec.out());

            CliProcess.Result bySops4j = CliProcess.run(dir, client, "encrypt", "--keyservice", sopsUri,
                    "--enable-local-keyservice=false", "--pgp", fp, "plain.yaml");
            assertEquals(0, bySops4j.code(), bySops4j.err());
            Files.write(dir.resolve("pgp-sops4j.enc.yaml"), bySops4j.stdout());
            CliProcess.Result back = KeyServices.sops(dir, client, "decrypt", "--keyservice", ownUri,
                    "--enable-local-keyservice=false", "pgp-sops4j.enc.yaml");
            assertEquals(0, back.code(), back.err());
            assertEquals(PLAIN, back.out());
        } finally {
            services.close();
            for (Path p : List.of(keys, empty)) {
                ProcessBuilder pb = new ProcessBuilder("gpgconf", "--kill", "gpg-agent");
                pb.environment().put("GNUPGHOME", p.toString());
                pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
        }
    }

    private static CliProcess.Result gpg(Path home, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("gpg", "--homedir", home.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        return new CliProcess.Result(p.exitValue(), out, "");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
