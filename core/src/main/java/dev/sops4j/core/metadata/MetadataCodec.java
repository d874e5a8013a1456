package dev.sops4j.core.metadata;

import dev.sops4j.core.tree.Mapping;

/** STUB: reads every metadata layout sops 3.3 to 3.13 wrote; writes the 3.13 layout. */
public final class MetadataCodec {
    private MetadataCodec() {
    }

    public static Metadata read(Mapping raw) {
        throw new UnsupportedOperationException("TODO");
    }

    public static Mapping write(Metadata metadata) {
        throw new UnsupportedOperationException("TODO");
    }
}
