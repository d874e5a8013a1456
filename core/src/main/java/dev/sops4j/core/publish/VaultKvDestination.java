package dev.sops4j.core.publish;

import java.util.Objects;

/**
 * {@code vault_path} / {@code vault_address} / {@code vault_kv_mount_name} / {@code vault_kv_version}: the decrypted
 * top-level values are written as one KV secret. As sops normalises them: the path and mount end with {@code /}, the
 * mount defaults to {@code secret/}, any version other than 1 is 2, and an empty address means {@code VAULT_ADDR}
 * (else {@code https://127.0.0.1:8200}).
 */
public record VaultKvDestination(String address, String path, String mount, int kvVersion) implements Destination {
    public VaultKvDestination {
        Objects.requireNonNull(path, "path");
        address = address == null ? "" : address;
        path = path.endsWith("/") ? path : path + "/";
        mount = mount == null || mount.isEmpty() ? "secret/" : mount.endsWith("/") ? mount : mount + "/";
        kvVersion = kvVersion == 1 ? 1 : 2;
    }

    /** The API path below {@code /v1/}: {@code <mount><path><file>} (v1) or {@code <mount>data/<path><file>} (v2). */
    public String secretPath(String fileName) {
        return kvVersion == 1 ? mount + path + fileName : mount + "data/" + path + fileName;
    }

    /** The address secrets go to: the rule's, else {@code vaultAddrEnv}, else Vault's default. */
    public String effectiveAddress(String vaultAddrEnv) {
        if (!address.isEmpty()) {
            return address;
        }
        return vaultAddrEnv == null || vaultAddrEnv.isEmpty() ? "https://127.0.0.1:8200" : vaultAddrEnv;
    }

    @Override
    public String path(String fileName) {
        return effectiveAddress(null) + "/v1/" + secretPath(fileName);
    }
}
