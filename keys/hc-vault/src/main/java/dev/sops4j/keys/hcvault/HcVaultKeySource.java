package dev.sops4j.keys.hcvault;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.KeyTimes;
import dev.sops4j.core.keys.Lazy;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.text.JsonMaps;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * HashiCorp Vault (and OpenBao) transit keys, the {@code hc_vault} entries of sops metadata: the data key is sent
 * base64-encoded to the transit engine at the key's own address; {@code enc} is the transit ciphertext string
 * ({@code vault:v<N>:...}) exactly as Vault returns it. Settings come from the given {@link Environment}
 * ({@link VaultSettings}); the HTTP client is built on first use.
 */
public final class HcVaultKeySource implements KeySource<HcVaultKeyRef> {
    private final Environment env;
    private final Clock clock;
    private final Lazy<TransitClient> client;

    public HcVaultKeySource(Environment env) {
        this(env, Clock.systemUTC());
    }

    public HcVaultKeySource(Environment env, Clock clock) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = Lazy.of(() -> new TransitClient(VaultSettings.from(env)));
    }

    @Override
    public Class<HcVaultKeyRef> refType() {
        return HcVaultKeyRef.class;
    }

    @Override
    public HcVaultKeyRef wrap(HcVaultKeyRef ref, SecretBytes secret) {
        Map<String, Object> data = call("encrypt", ref, "plaintext", secret.encode(Base64.getEncoder()));
        String ciphertext = JsonMaps.string(data, "ciphertext").orElseThrow(
                () -> new KeySourceException(prefix("encrypt", ref) + "Vault returned no ciphertext"));
        return ref.created(KeyTimes.createdNow(clock)).withEnc(ciphertext);
    }

    @Override
    public SecretBytes unwrap(HcVaultKeyRef ref) {
        if (ref.enc().isEmpty()) {
            throw new KeySourceException(prefix("decrypt", ref) + "no encrypted data key in the file");
        }
        Map<String, Object> data = call("decrypt", ref, "ciphertext", ref.enc());
        String b64 = JsonMaps.string(data, "plaintext").orElseThrow(
                () -> new KeySourceException(prefix("decrypt", ref) + "Vault returned no plaintext"));
        try {
            return SecretBytes.wrap(Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix("decrypt", ref) + "Vault returned a plaintext that is not base64");
        }
    }

    private Map<String, Object> call(String op, HcVaultKeyRef ref, String field, String value) {
        try {
            return client.get().call(ref, op, field, value);
        } catch (TransitClient.CallFailure e) {
            throw new KeySourceException(prefix(op, ref) + e.getMessage());
        } catch (KeySourceException e) {
            throw new KeySourceException(prefix(op, ref) + e.getMessage());
        }
    }

    private static String prefix(String op, HcVaultKeyRef ref) {
        return "failed to " + op + " data key with Vault transit key " + TransitClient.oneLine(ref.describe()) + ": ";
    }
}
