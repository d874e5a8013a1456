package dev.sops4j.core.keys.age;

import static dev.sops4j.core.keys.age.AgeTestSupport.source;
import static dev.sops4j.core.keys.age.AgeTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interop with the real {@code age} CLI (and {@code ssh-keygen} for SSH keys); skipped when they are absent. */
class AgeCliInteropTest {
    @TempDir
    Path dir;

    private static byte[] secret() {
        byte[] b = new byte[32];
        new Random(7).nextBytes(b);
        return b;
    }

    private static void requireTool(String tool) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
        assumeTrue(found, tool + " is not on PATH: skipping interop with the real " + tool + " (apt-get install -y "
                + (tool.startsWith("ssh") ? "openssh-client" : "age") + ")");
    }

    private static byte[] run(byte[] stdin, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readQuietly(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = p.getInputStream().readAllBytes();
        int status = p.waitFor();
        assertEquals(0, status, () -> String.join(" ", command) + " failed: "
                + new String(err.join(), StandardCharsets.UTF_8));
        return out;
    }

    private static byte[] readQuietly(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Test
    void ourX25519StanzaDecryptsWithAgeCli() throws Exception {
        requireTool("age");
        AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity();
        Path key = write(dir.resolve("key.txt"), id.fileText());
        AgeKeyRef ref = source(dir, Map.of()).wrap(AgeKeyRef.of(id.recipient()), SecretBytes.copyOf(secret()));
        Path enc = write(dir.resolve("enc.txt"), ref.enc());
        assertArrayEquals(secret(), run(new byte[0], List.of("age", "-d", "-i", key.toString(), enc.toString())));
    }

    @Test
    void ageCliArmoredFileUnwrapsWithUs() throws Exception {
        requireTool("age");
        AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity();
        byte[] armored = run(secret(), List.of("age", "-e", "-a", "-r", id.recipient()));
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_KEY", id.identity()));
        try (SecretBytes out = source.unwrap(new AgeKeyRef(id.recipient(), new String(armored, StandardCharsets.US_ASCII)))) {
            assertArrayEquals(secret(), out.copy());
        }
    }

    @Test
    void ourArmorLayoutMatchesAgeCliForEveryLength() throws Exception {
        requireTool("age");
        AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity();
        AgeKeySource source = source(dir, Map.of());
        // 48 payload bytes per armor line: cover every remainder, including a full last line.
        for (int n = 0; n <= 60; n++) {
            byte[] plain = new byte[n];
            String ours = source.wrap(AgeKeyRef.of(id.recipient()), SecretBytes.copyOf(plain)).enc();
            String theirs = new String(run(plain, List.of("age", "-e", "-a", "-r", id.recipient())),
                    StandardCharsets.US_ASCII);
            assertEquals(shape(theirs), shape(ours), "armor shape for " + n + " bytes");
        }
    }

    /** Line lengths plus first/last lines: random content differs, layout must not. */
    private static String shape(String armor) {
        String[] lines = armor.split("\n", -1);
        StringBuilder sb = new StringBuilder(lines[0]).append('|');
        for (int i = 1; i < lines.length - 2; i++) {
            sb.append(lines[i].length()).append(',');
        }
        return sb.append('|').append(lines[lines.length - 2]).append('|').append(lines[lines.length - 1]).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "rsa", "rsa-pem"})
    void sshKeysInteroperateBothWays(String kind) throws Exception {
        requireTool("age");
        requireTool("ssh-keygen");
        String file = kind.equals("ed25519") ? "id_ed25519" : "id_rsa";
        Path key = dir.resolve("home/.ssh/" + file);
        Files.createDirectories(key.getParent());
        List<String> keygen = new java.util.ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-C", "test",
                "-f", key.toString(), "-t", kind.startsWith("rsa") ? "rsa" : "ed25519"));
        if (kind.startsWith("rsa")) {
            keygen.addAll(List.of("-b", "2048"));
        }
        if (kind.equals("rsa-pem")) {
            keygen.addAll(List.of("-m", "PEM"));
        }
        run(new byte[0], keygen);
        String recipient = Files.readString(Path.of(key + ".pub")).strip();
        AgeKeySource source = source(dir, Map.of());

        AgeKeyRef ours = source.wrap(AgeKeyRef.of(recipient), SecretBytes.copyOf(secret()));
        Path enc = write(dir.resolve("enc.txt"), ours.enc());
        assertArrayEquals(secret(), run(new byte[0], List.of("age", "-d", "-i", key.toString(), enc.toString())));

        byte[] theirs = run(secret(), List.of("age", "-e", "-a", "-R", key + ".pub"));
        try (SecretBytes out = source.unwrap(new AgeKeyRef(recipient, new String(theirs, StandardCharsets.US_ASCII)))) {
            assertArrayEquals(secret(), out.copy());
        }
        try (SecretBytes out = source.unwrap(ours)) {
            assertArrayEquals(secret(), out.copy());
        }
    }

    @Test
    void sshKeyFromEnvironmentVariableIsUsed() throws Exception {
        requireTool("ssh-keygen");
        Path key = dir.resolve("work/deploy_key");
        Files.createDirectories(key.getParent());
        run(new byte[0], List.of("ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", key.toString()));
        String recipient = Files.readString(Path.of(key + ".pub")).strip();
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", "deploy_key"));
        AgeKeyRef ref = source.wrap(AgeKeyRef.of(recipient), SecretBytes.copyOf(secret()));
        try (SecretBytes out = source.unwrap(ref)) {
            assertArrayEquals(secret(), out.copy());
        }
    }

    @Test
    void sshKeyFromCommandIsUsed() throws Exception {
        requireTool("ssh-keygen");
        Path key = dir.resolve("work/vault_key");
        Files.createDirectories(key.getParent());
        run(new byte[0], List.of("ssh-keygen", "-q", "-N", "", "-t", "rsa", "-b", "2048", "-f", key.toString()));
        String recipient = Files.readString(Path.of(key + ".pub")).strip();
        AgeKeySource source = source(dir, Map.of("SOPS_AGE_SSH_PRIVATE_KEY_CMD", "cat vault_key"));
        AgeKeyRef ref = source.wrap(AgeKeyRef.of(recipient), SecretBytes.copyOf(secret()));
        try (SecretBytes out = source.unwrap(ref)) {
            assertArrayEquals(secret(), out.copy());
        }
    }

    @Test
    void passphraseProtectedSshKeyAsksOnlyWhenAddressed() throws Exception {
        requireTool("ssh-keygen");
        Path key = dir.resolve("home/.ssh/id_ed25519");
        Files.createDirectories(key.getParent());
        run(new byte[0], List.of("ssh-keygen", "-q", "-N", "secret", "-t", "ed25519", "-f", key.toString()));
        String recipient = Files.readString(Path.of(key + ".pub")).strip();
        AgeKeys.GeneratedIdentity other = AgeKeys.generateIdentity();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        AgeKeySource source = new AgeKeySource(AgeTestSupport.env(dir, Map.of("SOPS_AGE_KEY", other.identity())),
                prompt -> {
                    asked.incrementAndGet();
                    assertEquals("Enter passphrase for SSH key " + key + ":", prompt);
                    return "secret".toCharArray();
                });
        AgeKeyRef toOther = source.wrap(AgeKeyRef.of(other.recipient()), SecretBytes.copyOf(secret()));
        source.unwrap(toOther).close();
        assertEquals(0, asked.get());
        AgeKeyRef toSsh = source.wrap(AgeKeyRef.of(recipient), SecretBytes.copyOf(secret()));
        for (int i = 0; i < 2; i++) {
            try (SecretBytes out = source.unwrap(toSsh)) {
                assertArrayEquals(secret(), out.copy());
            }
        }
        assertEquals(1, asked.get());
    }

    @Test
    void wrongSshPassphraseIsReported() throws Exception {
        requireTool("ssh-keygen");
        Path key = dir.resolve("home/.ssh/id_rsa");
        Files.createDirectories(key.getParent());
        run(new byte[0], List.of("ssh-keygen", "-q", "-N", "secret", "-t", "rsa", "-b", "2048", "-f",
                key.toString()));
        String recipient = Files.readString(Path.of(key + ".pub")).strip();
        AgeKeySource source = new AgeKeySource(AgeTestSupport.env(dir, Map.of()), prompt -> "nope".toCharArray());
        AgeKeyRef ref = source.wrap(AgeKeyRef.of(recipient), SecretBytes.copyOf(secret()));
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.sops4j.core.error.KeySourceException.class,
                () -> source.unwrap(ref));
        assertEquals("no age identity matches recipient " + recipient + ": tried 1 identity from " + key + "; "
                + key + ": incorrect passphrase for SSH key", e.getMessage());
    }
}
