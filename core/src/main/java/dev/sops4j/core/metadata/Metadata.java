package dev.sops4j.core.metadata;

import dev.sops4j.core.keys.KeyGroup;
import java.util.List;
import java.util.Optional;

/**
 * The {@code sops:} block. {@code rule} is empty when the file has no rule stored (binary files);
 * {@code lastModified} and {@code mac} are the raw strings from the file.
 */
public record Metadata(List<KeyGroup> keyGroups, int shamirThreshold, String lastModified, String mac,
        Optional<EncryptionRule> rule, boolean macOnlyEncrypted, String version) {
    public Metadata {
        keyGroups = List.copyOf(keyGroups);
        lastModified = lastModified == null ? "" : lastModified;
        mac = mac == null ? "" : mac;
        version = version == null ? "" : version;
    }

    public Metadata withKeyGroups(List<KeyGroup> groups, int threshold) {
        return new Metadata(groups, threshold, lastModified, mac, rule, macOnlyEncrypted, version);
    }

    public Metadata withMac(String newLastModified, String newMac) {
        return new Metadata(keyGroups, shamirThreshold, newLastModified, newMac, rule, macOnlyEncrypted, version);
    }

    public Metadata withVersion(String newVersion) {
        return new Metadata(keyGroups, shamirThreshold, lastModified, mac, rule, macOnlyEncrypted, newVersion);
    }
}
