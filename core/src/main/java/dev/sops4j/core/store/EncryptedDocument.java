package dev.sops4j.core.store;

import dev.sops4j.core.tree.Mapping;
import java.util.List;

/**
 * A sops file as a store read it: the document branches (values still {@code ENC[...]} strings) and the raw
 * {@code sops} metadata, already unflattened for dotenv/INI. Interpreting the metadata is core's job.
 */
public record EncryptedDocument(List<Mapping> branches, Mapping metadata) {
    public EncryptedDocument {
        branches = List.copyOf(branches);
    }
}
