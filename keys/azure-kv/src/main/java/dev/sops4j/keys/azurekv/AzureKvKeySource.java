package dev.sops4j.keys.azurekv;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AzureKvKeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.KeyTimes;
import dev.sops4j.core.keys.Lazy;
import dev.sops4j.core.secret.SecretBytes;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;

/**
 * Azure Key Vault keys, the {@code azure_kv} entries of sops metadata: RSA-OAEP-256 encryption of the data key with
 * the key {@code name}/{@code version} of {@code vault_url}; a key given without a version gets the latest one,
 * resolved and stored when it first wraps. {@code enc} is URL-safe base64 without padding, as sops writes it.
 * Tokens come from azure-identity's default chain over the given {@link Environment}, loaded on first use.
 */
public final class AzureKvKeySource implements KeySource<AzureKvKeyRef> {
    private final Environment env;
    private final Clock clock;
    private final Function<Environment, AzureTokens> tokenFactory;
    private final Lazy<KeyVaultRest> client;

    public AzureKvKeySource(Environment env) {
        this(env, Clock.systemUTC(), AzureKvKeySource::identityTokens);
    }

    AzureKvKeySource(Environment env, Clock clock, Function<Environment, AzureTokens> tokenFactory) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokenFactory = Objects.requireNonNull(tokenFactory, "tokenFactory");
        this.client = Lazy.of(() -> new KeyVaultRest(this.tokenFactory.apply(this.env)));
    }

    @Override
    public Class<AzureKvKeyRef> refType() {
        return AzureKvKeyRef.class;
    }

    @Override
    public AzureKvKeyRef wrap(AzureKvKeyRef ref, SecretBytes secret) {
        String now = KeyTimes.createdNow(clock);
        byte[] plain = secret.copy();
        try {
            AzureKvKeyRef resolved = ref.version().isEmpty()
                    ? ref.resolved(client.get().latestVersion(ref.vaultUrl(), ref.name()), now)
                    : ref.resolved(ref.version(), now);
            String value = client.get().operate(resolved.vaultUrl(), resolved.name(), resolved.version(), "encrypt",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(plain));
            byte[] ct = Base64.getUrlDecoder().decode(value);
            return resolved.withEnc(Base64.getUrlEncoder().withoutPadding().encodeToString(ct));
        } catch (AzureFailure e) {
            throw new KeySourceException(prefix("encrypt", ref) + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix("encrypt", ref) + "Key Vault returned a value that is not base64url");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public SecretBytes unwrap(AzureKvKeyRef ref) {
        if (ref.enc().isEmpty()) {
            throw new KeySourceException(prefix("decrypt", ref) + "no encrypted data key in the file");
        }
        byte[] ct;
        try {
            ct = Base64.getUrlDecoder().decode(ref.enc());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix("decrypt", ref) + "enc is not valid URL-safe base64");
        }
        try {
            String value = client.get().operate(ref.vaultUrl(), ref.name(), ref.version(), "decrypt",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(ct));
            return SecretBytes.wrap(Base64.getUrlDecoder().decode(value));
        } catch (AzureFailure e) {
            throw new KeySourceException(prefix("decrypt", ref) + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix("decrypt", ref) + "Key Vault returned a value that is not base64url");
        }
    }

    private static String prefix(String op, AzureKvKeyRef ref) {
        return "failed to " + op + " data key with Azure Key Vault key " + AzureFailure.oneLine(ref.describe()) + ": ";
    }

    /** A method body, so that linking this class does not load {@link IdentityTokens} and with it azure-identity. */
    private static AzureTokens identityTokens(Environment env) {
        return IdentityTokens.from(env);
    }
}
