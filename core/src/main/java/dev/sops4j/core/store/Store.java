package dev.sops4j.core.store;

import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import java.util.List;

/**
 * One file format. Stores only translate bytes to trees and back; they never encrypt. Every store runs the
 * contract suite {@code StoreContract} in tests.
 */
public interface Store {

    Format format();

    /** Parses a plaintext file into document branches (YAML may have several; other formats have one). */
    List<Mapping> parsePlain(byte[] input);

    /**
     * {@link #parsePlain} for a caller that hands {@code input} over and never writes to it again: a store may then
     * keep it in the tree without a copy (the binary store does; a binary file is megabytes).
     */
    default List<Mapping> parsePlainOwned(byte[] input) {
        return parsePlain(input);
    }

    /**
     * Parses a sops-encrypted file. Throws {@link dev.sops4j.core.error.MetadataException} when the file has no
     * {@code sops} metadata.
     */
    EncryptedDocument parseEncrypted(byte[] input);

    byte[] emitPlain(List<Mapping> branches);

    /** Writes branches plus metadata (a tree in the 3.13 layout: keys already sorted by core). */
    byte[] emitEncrypted(List<Mapping> branches, Mapping metadata);

    /** Writes one value on its own, as {@code --extract} prints it. */
    byte[] emitValue(Node value);

    /** True when the plaintext input has the top-level {@code sops} key (encrypting it again is exit 203). */
    boolean hasSopsMetadata(byte[] input);
}
