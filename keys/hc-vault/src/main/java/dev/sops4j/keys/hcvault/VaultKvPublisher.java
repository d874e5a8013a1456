package dev.sops4j.keys.hcvault;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.OutputException;
import dev.sops4j.core.publish.Publication;
import dev.sops4j.core.publish.Publisher;
import dev.sops4j.core.publish.VaultKvDestination;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code publish} to Vault KV (v1 or v2), as sops does: the decrypted top-level values are written as one secret at
 * {@code <mount><path><file>} (v1) or {@code <mount>data/<path><file>} wrapped in {@code {"data": ...}} (v2). Token,
 * namespace and TLS as for transit keys ({@link VaultSettings}); the address is the rule's, else {@code VAULT_ADDR}.
 */
public final class VaultKvPublisher implements Publisher<VaultKvDestination> {
    private final Environment env;
    private volatile TransitClient client;

    public VaultKvPublisher(Environment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Class<VaultKvDestination> destinationType() {
        return VaultKvDestination.class;
    }

    @Override
    public boolean wantsPlaintext() {
        return true;
    }

    /** {@code <address>/v1/<secret path>}, the address falling back to {@code VAULT_ADDR} as sops' does. */
    @Override
    public String describe(VaultKvDestination d, String fileName) {
        return d.effectiveAddress(env.get("VAULT_ADDR").orElse(null)) + "/v1/" + d.secretPath(fileName);
    }

    @Override
    public void publish(VaultKvDestination d, Publication p) {
        String address = d.effectiveAddress(env.get("VAULT_ADDR").orElse(null));
        byte[] json = p.plaintextJson();
        byte[] body = json;
        try {
            if (d.kvVersion() == 2) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 10);
                out.writeBytes("{\"data\":".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(json);
                out.writeBytes("}".getBytes(StandardCharsets.US_ASCII));
                body = out.toByteArray();
            }
            client().write(address, d.secretPath(p.fileName()), body);
        } catch (TransitClient.CallFailure | KeySourceException e) {
            throw new OutputException(ExitCode.GENERIC, "failed to publish " + p.fileName() + " to " + address
                    + "/v1/" + d.secretPath(p.fileName()) + ": " + e.getMessage(), null);
        } finally {
            Arrays.fill(json, (byte) 0);
            Arrays.fill(body, (byte) 0);
        }
    }

    private TransitClient client() {
        TransitClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = new TransitClient(VaultSettings.from(env));
                    client = c;
                }
            }
        }
        return c;
    }
}
