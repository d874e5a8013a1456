package dev.sops4j.keys.hcvault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.keys.hcvault.fake.FakeVault;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VAULT_CACERT and VAULT_SKIP_VERIFY against the Vault stand-in on HTTPS with a certificate made by keytool. */
class VaultTlsTest {
    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    @Test
    void caCertTrustsTheServerSkipVerifyTrustsAnyAndNeitherFailsInOneLine() throws Exception {
        keytool("-genkeypair", "-alias", "vault", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=vault",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", "vault.p12", "-storetype", "PKCS12",
                "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "vault", "-keystore", "vault.p12", "-storepass", "changeit",
                "-file", "ca.pem");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("vault.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        byte[] key = new byte[32];
        try (FakeVault vault = FakeVault.startTls("hvs.tls", tls).transit("transit", "app")) {
            assertTrue(vault.address().startsWith("https://127.0.0.1:"));
            HcVaultKeyRef ref = new HcVaultKeyRef(vault.address(), "transit", "app", "", "");
            HcVaultKeySource trusted = new HcVaultKeySource(new Environment(
                    Map.of("VAULT_TOKEN", "hvs.tls", "VAULT_CACERT", dir.resolve("ca.pem").toString()), dir, dir));
            HcVaultKeyRef wrapped = trusted.wrap(ref, SecretBytes.copyOf(key));
            assertArrayEquals(key, trusted.unwrap(wrapped).copy());
            HcVaultKeySource skip = new HcVaultKeySource(new Environment(
                    Map.of("VAULT_TOKEN", "hvs.tls", "VAULT_SKIP_VERIFY", "true"), dir, dir));
            assertArrayEquals(key, skip.unwrap(wrapped).copy());
            KeySourceException e = assertThrows(KeySourceException.class, () -> new HcVaultKeySource(
                    new Environment(Map.of("VAULT_TOKEN", "hvs.tls"), dir, dir)).unwrap(wrapped));
            assertTrue(e.getMessage().startsWith("failed to decrypt data key with Vault transit key " + vault.address()
                    + "/v1/transit/keys/app: cannot reach Vault at " + vault.address() + ": "), e.getMessage());
            assertEquals(-1, e.getMessage().indexOf('\n'));
        }
    }
}
