package dev.sops4j.core.keys;

import dev.sops4j.core.tree.Mapping;
import java.util.Objects;

/**
 * An Azure Key Vault key ({@code azure_kv}): {@code vault_url} ({@code https://<vault>}), key {@code name} and
 * {@code version} (empty until the latest version is resolved when the key first wraps); {@code enc} is the
 * RSA-OAEP-256 ciphertext in URL-safe base64 without padding.
 */
public record AzureKvKeyRef(String vaultUrl, String name, String version, String createdAt, String enc)
        implements KeyRef {
    public AzureKvKeyRef {
        Objects.requireNonNull(vaultUrl, "vaultUrl");
        Objects.requireNonNull(name, "name");
        version = version == null ? "" : version;
        createdAt = createdAt == null ? "" : createdAt;
        enc = enc == null ? "" : enc;
    }

    @Override
    public String type() {
        return "azure_kv";
    }

    @Override
    public AzureKvKeyRef withEnc(String newEnc) {
        return new AzureKvKeyRef(vaultUrl, name, version, createdAt, newEnc);
    }

    /** A copy with the given version and creation time (the latter only when none is set yet). */
    public AzureKvKeyRef resolved(String newVersion, String now) {
        return new AzureKvKeyRef(vaultUrl, name, newVersion, createdAt.isEmpty() ? now : createdAt, enc);
    }

    /** {@code <vault_url>/keys/<name>/<version>}, as sops prints it. */
    @Override
    public String describe() {
        return vaultUrl + "/keys/" + name + "/" + version;
    }

    /** Same vault and name; a reference without a version matches every version. */
    @Override
    public String identity() {
        return type() + ":" + vaultUrl + "/keys/" + name + (version.isEmpty() ? "" : "/" + version);
    }

    @Override
    public Mapping toMetadata() {
        return MetadataEntries.of("vault_url", vaultUrl, "name", name, "version", version, "created_at", createdAt,
                "enc", enc);
    }

    public static AzureKvKeyRef fromMetadata(KeyFields f) {
        return new AzureKvKeyRef(f.string("vault_url"), f.string("name"), f.string("version"),
                f.string("created_at"), f.string("enc"));
    }
}
