package dev.sops4j.maven;

import dev.sops4j.core.store.Format;
import java.util.Optional;

/** Names of decrypted files when the output format differs from the input's. */
final class OutputNames {
    private OutputNames() {
    }

    /**
     * {@code rel} unchanged unless {@code out} is a different structured format than the name says, in which case
     * the last extension follows the new format ({@code app.enc.yaml} -> {@code app.enc.json}); a name without an
     * extension (or a dotfile such as {@code .env}) gets one appended.
     */
    static String renamed(String rel, Optional<Format> out) {
        if (out.isEmpty() || out.get() == Format.BINARY || Format.fromPath(rel) == out.get()) {
            return rel;
        }
        String ext = switch (out.get()) {
            case YAML -> ".yaml";
            case JSON -> ".json";
            case DOTENV -> ".env";
            case INI -> ".ini";
            case BINARY -> "";
        };
        int slash = Math.max(rel.lastIndexOf('/'), rel.lastIndexOf('\\'));
        int dot = rel.lastIndexOf('.');
        return (dot > slash + 1 ? rel.substring(0, dot) : rel) + ext;
    }
}
