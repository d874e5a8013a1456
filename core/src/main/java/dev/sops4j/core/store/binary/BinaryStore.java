package dev.sops4j.core.store.binary;

import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import java.util.List;

/** STUB: to be implemented. */
public final class BinaryStore implements Store {
    public BinaryStore(int indent) {
    }

    @Override
    public Format format() {
        return Format.BINARY;
    }

    @Override
    public List<Mapping> parsePlain(byte[] input) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public EncryptedDocument parseEncrypted(byte[] input) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public byte[] emitPlain(List<Mapping> branches) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> branches, Mapping metadata) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public byte[] emitValue(Node value) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public boolean hasSopsMetadata(byte[] input) {
        throw new UnsupportedOperationException("TODO");
    }
}
