package dev.sops4j.core.keys;

import dev.sops4j.core.tree.Mapping;
import java.util.Objects;

/**
 * A HashiCorp Vault (or OpenBao) transit key ({@code hc_vault}): {@code vault_address}
 * ({@code https://host:8200}), the transit {@code engine_path} (may hold slashes) and {@code key_name}; {@code enc}
 * is the transit ciphertext string as Vault returns it ({@code vault:v1:...}).
 */
public record HcVaultKeyRef(String vaultAddress, String enginePath, String keyName, String createdAt, String enc)
        implements KeyRef {
    public HcVaultKeyRef {
        Objects.requireNonNull(vaultAddress, "vaultAddress");
        Objects.requireNonNull(enginePath, "enginePath");
        Objects.requireNonNull(keyName, "keyName");
        createdAt = createdAt == null ? "" : createdAt;
        enc = enc == null ? "" : enc;
    }

    @Override
    public String type() {
        return "hc_vault";
    }

    @Override
    public HcVaultKeyRef withEnc(String newEnc) {
        return new HcVaultKeyRef(vaultAddress, enginePath, keyName, createdAt, newEnc);
    }

    /** A copy stamped with the creation time when it has none yet. */
    public HcVaultKeyRef created(String now) {
        return createdAt.isEmpty() ? new HcVaultKeyRef(vaultAddress, enginePath, keyName, now, enc) : this;
    }

    /** The key's URI as sops prints it and as {@code --hc-vault-transit} takes it. */
    @Override
    public String describe() {
        return vaultAddress + "/v1/" + enginePath + "/keys/" + keyName;
    }

    @Override
    public Mapping toMetadata() {
        return MetadataEntries.of("vault_address", vaultAddress, "engine_path", enginePath, "key_name", keyName,
                "created_at", createdAt, "enc", enc);
    }

    public static HcVaultKeyRef fromMetadata(KeyFields f) {
        return new HcVaultKeyRef(f.string("vault_address"), f.string("engine_path"), f.string("key_name"),
                f.string("created_at"), f.string("enc"));
    }
}
